/*
 * idgate_mosquitto.c - a Mosquitto 2.0 plugin (plugin API v5): the MQTT password is a JWT,
 * verified by idgate against a JWKS file; optional username binding and topic ACL from claims.
 *
 * mosquitto.conf:
 *   plugin /path/to/idgate_mosquitto.so
 *   plugin_opt_jwks /etc/mosquitto/jwks.json         (required)
 *   plugin_opt_issuer https://issuer.example.com     (required)
 *   plugin_opt_audience mqtt-broker                  (required)
 *   plugin_opt_algs RS256,ES256                      (default: every asymmetric algorithm)
 *   plugin_opt_leeway 60                             (seconds; default 60)
 *   plugin_opt_username_claim sub                    (optional)
 *   plugin_opt_acl_claim mqtt_topics                 (optional)
 *
 * Threading: Mosquitto 2.0 runs every plugin callback on its one main thread. The key set
 * is still published through an atomic pointer (acquire on the auth path, exchange on reload)
 * so the auth path takes no lock; the old set is freed right after the exchange, which is
 * safe because no callback of this plugin runs at the same time.
 *
 * Every idgate call is in the section "idgate calls" below, so that the richer C API (refusal
 * detail, caller-sized key sets, skipped-key reasons) can replace them in one place.
 */

#define _POSIX_C_SOURCE 200809L /* strdup, strnlen, posix_memalign */

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#include "idgate.h"
#include "idgate_claim_text.h"

/* Keys one JWKS may hold (the key set is sized for them: IDGATE_KEYSET_SIZE(n)). */
#define MAX_KEYS 64

/* Most topic filters one token may grant; a longer list refuses the token. */
#define MAX_ACL_FILTERS 64
/* Longest client id or username copied into a log line (after sanitising). */
#define LOG_NAME_MAX 64
/* Buckets of the client -> rights table (chained; a few thousand clients stay short). */
#define RIGHTS_BUCKETS 1024

struct rights {
    const struct mosquitto *client;
    char **filters;
    size_t count;
    bool gone; /* disconnected: freed at the next auth or disconnect event */
    struct rights *next;
};

struct plugin {
    mosquitto_plugin_id_t *id;
    char *jwks_path;
    char *issuer;
    char *audience;
    char *username_claim;
    char *acl_claim;
    idgate_str required[2];
    idgate_policy policy;
    _Atomic(idgate_keyset *) keys;
    struct rights *buckets[RIGHTS_BUCKETS];
    bool have_gone;
    unsigned char scratch[IDGATE_MAX_SCRATCH_LEN];
};

/* ------------------------------------------------------------------------------------ */
/* Logging                                                                               */

/* Copies at most LOG_NAME_MAX bytes of attacker-chosen text (client ids, usernames,
 * topics), replacing anything but printable ASCII, so a log line stays one line. */
static void sanitise(const char *in, char *out, size_t out_cap) {
    size_t n = 0;
    if (in == NULL) {
        in = "";
    }
    for (; *in != '\0' && n + 1 < out_cap && n < LOG_NAME_MAX; in++) {
        unsigned char c = (unsigned char)*in;
        out[n++] = (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') ? (char)c : '?';
    }
    out[n] = '\0';
}

static void log_refusal(const struct mosquitto *client, const char *username, const char *code,
                        const char *detail) {
    char id[LOG_NAME_MAX + 1];
    char user[LOG_NAME_MAX + 1];
    sanitise(mosquitto_client_id(client), id, sizeof id);
    sanitise(username, user, sizeof user);
    const char *addr = mosquitto_client_address(client);
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "idgate: refused client '%s' (username '%s') from %s: %s: %s",
                         id, user, addr != NULL ? addr : "?", code, detail);
}

/* ------------------------------------------------------------------------------------ */
/* idgate calls                                                                          */

/* Reads the whole file at `path` (at most IDGATE_MAX_JWKS_LEN bytes). Returns a malloc'd
 * buffer and its length, or NULL with a reason in `why`. */
static unsigned char *read_file(const char *path, size_t *len, const char **why) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *why = strerror(errno);
        return NULL;
    }
    unsigned char *buf = malloc(IDGATE_MAX_JWKS_LEN + 1);
    if (buf == NULL) {
        fclose(f);
        *why = "out of memory";
        return NULL;
    }
    size_t n = fread(buf, 1, IDGATE_MAX_JWKS_LEN + 1, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        free(buf);
        *why = "read error";
        return NULL;
    }
    if (n > IDGATE_MAX_JWKS_LEN) {
        free(buf);
        *why = "longer than IDGATE_MAX_JWKS_LEN (256 KiB)";
        return NULL;
    }
    *len = n;
    return buf;
}

/* Loads the JWKS file into a new key set. Returns it, or NULL after logging why. */
static idgate_keyset *load_keys(const char *path) {
    const char *why = NULL;
    size_t len = 0;
    unsigned char *jwks = read_file(path, &len, &why);
    if (jwks == NULL) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "idgate: cannot read JWKS %s: %s", path, why);
        return NULL;
    }
    void *mem = NULL;
    if (posix_memalign(&mem, idgate_keyset_align(), idgate_keyset_size_for(MAX_KEYS)) != 0) {
        free(jwks);
        mosquitto_log_printf(MOSQ_LOG_ERR, "idgate: out of memory for a key set");
        return NULL;
    }
    size_t added = 0;
    size_t skipped = 0;
    idgate_status st = idgate_keyset_init(mem, idgate_keyset_size_for(MAX_KEYS));
    if (st == IDGATE_OK) {
        st = idgate_keyset_parse((idgate_keyset *)mem, jwks, len, &added, &skipped);
    }
    free(jwks);
    if (st != IDGATE_OK) {
        free(mem);
        mosquitto_log_printf(MOSQ_LOG_ERR, "idgate: JWKS %s refused: %s: %s", path,
                             idgate_status_str(st), idgate_status_message(st));
        return NULL;
    }
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "idgate: loaded %zu keys from %s (%zu skipped)", added,
                         path, skipped);
    return (idgate_keyset *)mem;
}

/* Verifies `token` at the current time; claims and the refusal's detail are views into
 * p->scratch and the policy. */
static idgate_status verify_token(struct plugin *p, const char *token, size_t len,
                                  idgate_claims *claims, idgate_detail *detail) {
    const idgate_keyset *ks = atomic_load_explicit(&p->keys, memory_order_acquire);
    time_t now = time(NULL);
    return idgate_verify_ex(ks, &p->policy, (const uint8_t *)token, len,
                            now < 0 ? 0 : (uint64_t)now, p->scratch, sizeof p->scratch, claims,
                            detail);
}

/* The raw JSON of claim `name`, or NULL if the token has none. */
static const uint8_t *claim_raw(const idgate_claims *claims, const char *name, size_t *len) {
    const uint8_t *raw = NULL;
    if (idgate_claim_raw(claims, name, strlen(name), &raw, len) != IDGATE_OK) {
        return NULL;
    }
    return raw;
}

/* ------------------------------------------------------------------------------------ */
/* Topic rights                                                                          */

static size_t bucket_of(const struct mosquitto *client) {
    uintptr_t v = (uintptr_t)client;
    return (size_t)((v >> 4) ^ (v >> 14)) % RIGHTS_BUCKETS;
}

static void rights_free(struct rights *r) {
    for (size_t i = 0; i < r->count; i++) {
        free(r->filters[i]);
    }
    free(r->filters);
    free(r);
}

static struct rights *rights_find(struct plugin *p, const struct mosquitto *client) {
    for (struct rights *r = p->buckets[bucket_of(client)]; r != NULL; r = r->next) {
        if (r->client == client) {
            return r;
        }
    }
    return NULL;
}

/* Drops the entry of `client`, if any. */
static void rights_remove(struct plugin *p, const struct mosquitto *client) {
    struct rights **link = &p->buckets[bucket_of(client)];
    while (*link != NULL) {
        if ((*link)->client == client) {
            struct rights *dead = *link;
            *link = dead->next;
            rights_free(dead);
            return;
        }
        link = &(*link)->next;
    }
}

/* Frees the entries of clients that disconnected before this event. They are kept until
 * then because Mosquitto checks a client's will message against the ACL right after the
 * disconnect event. */
static void rights_sweep(struct plugin *p) {
    if (!p->have_gone) {
        return;
    }
    for (size_t b = 0; b < RIGHTS_BUCKETS; b++) {
        struct rights **link = &p->buckets[b];
        while (*link != NULL) {
            if ((*link)->gone) {
                struct rights *dead = *link;
                *link = dead->next;
                rights_free(dead);
            } else {
                link = &(*link)->next;
            }
        }
    }
    p->have_gone = false;
}

/* Builds the rights of a verified token from the ACL claim. Returns NULL and sets `why`
 * (a refusal) if the claim is not a string or an array of valid topic filters. */
static struct rights *rights_from_claim(const struct mosquitto *client, const uint8_t *raw,
                                        size_t raw_len, const char **why) {
    struct rights *r = calloc(1, sizeof *r);
    if (r == NULL) {
        *why = "out of memory";
        return NULL;
    }
    r->client = client;
    igw_strings it;
    if (igw_strings_begin(&it, raw, raw_len) != 0) {
        *why = "the ACL claim is not a string or an array of strings";
        free(r);
        return NULL;
    }
    for (;;) {
        const uint8_t *lit = NULL;
        size_t lit_len = 0;
        int more = igw_strings_next(&it, &lit, &lit_len);
        if (more == 0) {
            return r;
        }
        if (more < 0) {
            *why = "the ACL claim is not a string or an array of strings";
            break;
        }
        if (r->count == MAX_ACL_FILTERS) {
            *why = "the ACL claim lists more than 64 topic filters";
            break;
        }
        if (r->filters == NULL) {
            r->filters = calloc(MAX_ACL_FILTERS, sizeof *r->filters);
            if (r->filters == NULL) {
                *why = "out of memory";
                break;
            }
        }
        char *filter = malloc(lit_len + 1);
        size_t n = 0;
        if (filter == NULL) {
            *why = "out of memory";
            break;
        }
        if (igw_json_string(lit, lit_len, filter, lit_len, &n) != 0 || n == 0 ||
            igw_has_control(filter, n)) {
            free(filter);
            *why = "an ACL claim entry is empty, not a JSON string or holds a control character";
            break;
        }
        filter[n] = '\0';
        if (mosquitto_sub_topic_check(filter) != MOSQ_ERR_SUCCESS) {
            free(filter);
            *why = "an ACL claim entry is not a valid MQTT topic filter";
            break;
        }
        r->filters[r->count++] = filter;
    }
    rights_free(r);
    return NULL;
}

/* True if every topic that subscription filter `sub` matches is matched by `allowed`
 * (MQTT 3.1.1 §4.7): level by level, `#` in `allowed` covers the rest, `+` covers one level
 * of anything but `#`, a literal level covers only itself. */
static bool filter_within(const char *sub, const char *allowed) {
    /* §4.7.2: a filter starting with a wildcard matches no topic starting with '$'. */
    if (sub[0] == '$' && (allowed[0] == '+' || allowed[0] == '#')) {
        return false;
    }
    const char *s = sub;
    const char *a = allowed;
    for (;;) {
        size_t sl = strcspn(s, "/");
        size_t al = strcspn(a, "/");
        if (al == 1 && a[0] == '#') {
            return true;
        }
        if (al == 1 && a[0] == '+') {
            if (sl == 1 && s[0] == '#') {
                return false;
            }
        } else if (sl != al || memcmp(s, a, sl) != 0) {
            return false;
        }
        bool s_end = s[sl] == '\0';
        bool a_end = a[al] == '\0';
        if (s_end && a_end) {
            return true;
        }
        if (s_end) {
            /* "x" is within "x/#": '#' also matches its parent level. */
            return strcmp(a + al, "/#") == 0;
        }
        if (a_end) {
            return false;
        }
        s += sl + 1;
        a += al + 1;
    }
}

static bool may_subscribe(const struct rights *r, const char *filter) {
    for (size_t i = 0; i < r->count; i++) {
        if (filter_within(filter, r->filters[i])) {
            return true;
        }
    }
    return false;
}

static bool may_use_topic(const struct rights *r, const char *topic) {
    for (size_t i = 0; i < r->count; i++) {
        bool match = false;
        if (mosquitto_topic_matches_sub(r->filters[i], topic, &match) == MOSQ_ERR_SUCCESS &&
            match) {
            return true;
        }
    }
    return false;
}

/* ------------------------------------------------------------------------------------ */
/* Events                                                                                */

static int on_basic_auth(int event, void *event_data, void *userdata) {
    (void)event;
    struct mosquitto_evt_basic_auth *ed = event_data;
    struct plugin *p = userdata;
    rights_sweep(p);
    /* A stale entry for this context (a reused pointer) must never grant anything. */
    rights_remove(p, ed->client);

    if (ed->password == NULL) {
        log_refusal(ed->client, ed->username, "no_token", "the MQTT password (the JWT) is missing");
        return MOSQ_ERR_AUTH;
    }
    /* One byte past the limit is enough for idgate to answer too_large. */
    size_t len = strnlen(ed->password, (size_t)IDGATE_MAX_TOKEN_LEN + 1);
    idgate_claims claims;
    idgate_detail detail;
    memset(&detail, 0, sizeof detail);
    idgate_status st = verify_token(p, ed->password, len, &claims, &detail);
    if (st != IDGATE_OK) {
        char why[512], line[768];
        igw_detail_text(&detail, why, sizeof why);
        snprintf(line, sizeof line, "%s%s%s%s", idgate_status_message(st),
                 why[0] != '\0' ? " (" : "", why, why[0] != '\0' ? ")" : "");
        log_refusal(ed->client, ed->username, idgate_status_str(st), line);
        return MOSQ_ERR_AUTH;
    }

    if (p->username_claim != NULL) {
        size_t raw_len = 0;
        const uint8_t *raw = claim_raw(&claims, p->username_claim, &raw_len);
        char *value = raw != NULL ? malloc(raw_len) : NULL;
        size_t n = 0;
        bool same = value != NULL &&
                    igw_json_string(raw, raw_len, value, raw_len, &n) == 0 &&
                    ed->username != NULL && strlen(ed->username) == n &&
                    memcmp(ed->username, value, n) == 0;
        free(value);
        if (!same) {
            log_refusal(ed->client, ed->username, "username_mismatch",
                        "the MQTT username is not the token's username claim");
            return MOSQ_ERR_AUTH;
        }
    }

    if (p->acl_claim != NULL) {
        size_t raw_len = 0;
        const uint8_t *raw = claim_raw(&claims, p->acl_claim, &raw_len);
        const char *why = "the ACL claim is missing";
        struct rights *r = raw != NULL ? rights_from_claim(ed->client, raw, raw_len, &why) : NULL;
        if (r == NULL) {
            log_refusal(ed->client, ed->username, "acl_claim_invalid", why);
            return MOSQ_ERR_AUTH;
        }
        size_t b = bucket_of(ed->client);
        r->next = p->buckets[b];
        p->buckets[b] = r;
    }
    return MOSQ_ERR_SUCCESS;
}

static int on_acl_check(int event, void *event_data, void *userdata) {
    (void)event;
    struct mosquitto_evt_acl_check *ed = event_data;
    struct plugin *p = userdata;
    const struct rights *r = rights_find(p, ed->client);
    bool allowed = false;
    const char *what = "use";
    switch (ed->access) {
    case MOSQ_ACL_UNSUBSCRIBE:
        return MOSQ_ERR_SUCCESS;
    case MOSQ_ACL_SUBSCRIBE:
        what = "subscribe to";
        allowed = r != NULL && may_subscribe(r, ed->topic);
        break;
    case MOSQ_ACL_WRITE:
        what = "publish to";
        allowed = r != NULL && may_use_topic(r, ed->topic);
        break;
    case MOSQ_ACL_READ:
        /* Delivery to a subscriber: denied quietly (a wide subscription would flood the log). */
        return r != NULL && may_use_topic(r, ed->topic) ? MOSQ_ERR_SUCCESS : MOSQ_ERR_ACL_DENIED;
    default:
        break;
    }
    if (allowed) {
        return MOSQ_ERR_SUCCESS;
    }
    char id[LOG_NAME_MAX + 1];
    char topic[LOG_NAME_MAX + 1];
    sanitise(mosquitto_client_id(ed->client), id, sizeof id);
    sanitise(ed->topic, topic, sizeof topic);
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "idgate: denied client '%s' to %s '%s': acl_denied: %s",
                         id, what, topic,
                         r == NULL ? "no rights are known for this connection"
                                   : "outside the topic filters of the token's ACL claim");
    return MOSQ_ERR_ACL_DENIED;
}

static int on_disconnect(int event, void *event_data, void *userdata) {
    (void)event;
    struct mosquitto_evt_disconnect *ed = event_data;
    struct plugin *p = userdata;
    rights_sweep(p);
    struct rights *r = rights_find(p, ed->client);
    if (r != NULL) {
        r->gone = true;
        p->have_gone = true;
    }
    return MOSQ_ERR_SUCCESS;
}

static int on_reload(int event, void *event_data, void *userdata) {
    (void)event;
    (void)event_data;
    struct plugin *p = userdata;
    idgate_keyset *fresh = load_keys(p->jwks_path);
    if (fresh == NULL) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "idgate: reload of %s failed: keeping the old keys",
                             p->jwks_path);
        return MOSQ_ERR_SUCCESS;
    }
    idgate_keyset *old = atomic_exchange_explicit(&p->keys, fresh, memory_order_acq_rel);
    free(old);
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "idgate: reloaded %s", p->jwks_path);
    return MOSQ_ERR_SUCCESS;
}

/* ------------------------------------------------------------------------------------ */
/* Options and plugin entry points                                                       */

/* Parses "RS256,ES256" into IDGATE_ALG_* bits; 0 if a name is unknown or the list empty. */
static uint32_t parse_algs(const char *list) {
    static const struct {
        const char *name;
        uint32_t bit;
    } names[] = {
        {"HS256", IDGATE_ALG_HS256}, {"HS384", IDGATE_ALG_HS384}, {"HS512", IDGATE_ALG_HS512},
        {"RS256", IDGATE_ALG_RS256}, {"RS384", IDGATE_ALG_RS384}, {"RS512", IDGATE_ALG_RS512},
        {"PS256", IDGATE_ALG_PS256}, {"PS384", IDGATE_ALG_PS384}, {"PS512", IDGATE_ALG_PS512},
        {"ES256", IDGATE_ALG_ES256}, {"ES384", IDGATE_ALG_ES384}, {"ES512", IDGATE_ALG_ES512},
        {"EdDSA", IDGATE_ALG_EDDSA}, {"Ed25519", IDGATE_ALG_ED25519},
    };
    uint32_t bits = 0;
    const char *s = list;
    for (;;) {
        s += strspn(s, " ");
        size_t n = strcspn(s, ", ");
        bool known = false;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0) {
                bits |= names[i].bit;
                known = true;
            }
        }
        if (!known) {
            return 0;
        }
        s += n;
        s += strspn(s, " ");
        if (*s == '\0') {
            return bits;
        }
        if (*s != ',') {
            return 0;
        }
        s++;
    }
}

static void plugin_free(struct plugin *p) {
    if (p == NULL) {
        return;
    }
    for (size_t b = 0; b < RIGHTS_BUCKETS; b++) {
        while (p->buckets[b] != NULL) {
            struct rights *r = p->buckets[b];
            p->buckets[b] = r->next;
            rights_free(r);
        }
    }
    free(atomic_load(&p->keys));
    free(p->jwks_path);
    free(p->issuer);
    free(p->audience);
    free(p->username_claim);
    free(p->acl_claim);
    free(p);
}

static int configure(struct plugin *p, struct mosquitto_opt *options, int option_count) {
    const char *algs = NULL;
    const char *leeway = NULL;
    for (int i = 0; i < option_count; i++) {
        const char *k = options[i].key;
        const char *v = options[i].value;
        char **slot = NULL;
        if (k == NULL || v == NULL) {
            continue;
        }
        if (strcmp(k, "jwks") == 0) {
            slot = &p->jwks_path;
        } else if (strcmp(k, "issuer") == 0) {
            slot = &p->issuer;
        } else if (strcmp(k, "audience") == 0) {
            slot = &p->audience;
        } else if (strcmp(k, "username_claim") == 0) {
            slot = &p->username_claim;
        } else if (strcmp(k, "acl_claim") == 0) {
            slot = &p->acl_claim;
        } else if (strcmp(k, "algs") == 0) {
            algs = v;
        } else if (strcmp(k, "leeway") == 0) {
            leeway = v;
        }
        if (slot != NULL) {
            free(*slot);
            *slot = strdup(v);
            if (*slot == NULL) {
                return MOSQ_ERR_NOMEM;
            }
        }
    }
    if (p->jwks_path == NULL || p->issuer == NULL || p->audience == NULL) {
        mosquitto_log_printf(MOSQ_LOG_ERR,
                             "idgate: plugin_opt_jwks, plugin_opt_issuer and plugin_opt_audience "
                             "are required");
        return MOSQ_ERR_INVAL;
    }

    idgate_policy_init(&p->policy);
    p->policy.issuer = (idgate_str){p->issuer, strlen(p->issuer)};
    p->policy.audience = (idgate_str){p->audience, strlen(p->audience)};
    if (algs != NULL) {
        p->policy.algs = parse_algs(algs);
        if (p->policy.algs == 0) {
            mosquitto_log_printf(MOSQ_LOG_ERR, "idgate: plugin_opt_algs: unknown algorithm in '%s'",
                                 algs);
            return MOSQ_ERR_INVAL;
        }
    }
    if (leeway != NULL) {
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(leeway, &end, 10);
        if (errno != 0 || end == leeway || *end != '\0' || leeway[0] == '-' || v > 86400) {
            mosquitto_log_printf(MOSQ_LOG_ERR,
                                 "idgate: plugin_opt_leeway: '%s' is not 0 to 86400 seconds",
                                 leeway);
            return MOSQ_ERR_INVAL;
        }
        p->policy.leeway = (uint64_t)v;
    }
    /* The claims the plugin reads must be present: a token without them is refused with
     * missing_claim before anything else looks at it. */
    size_t nreq = 0;
    if (p->username_claim != NULL) {
        p->required[nreq++] = (idgate_str){p->username_claim, strlen(p->username_claim)};
    }
    if (p->acl_claim != NULL) {
        p->required[nreq++] = (idgate_str){p->acl_claim, strlen(p->acl_claim)};
    }
    p->policy.required_names = nreq > 0 ? p->required : NULL;
    p->policy.required_names_len = nreq;

    idgate_keyset *ks = load_keys(p->jwks_path);
    if (ks == NULL) {
        return MOSQ_ERR_INVAL;
    }
    atomic_store(&p->keys, ks);
    return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions) {
    for (int i = 0; i < supported_version_count; i++) {
        if (supported_versions[i] == 5) {
            return 5;
        }
    }
    return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata,
                          struct mosquitto_opt *options, int option_count) {
    struct plugin *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return MOSQ_ERR_NOMEM;
    }
    p->id = identifier;
    atomic_init(&p->keys, NULL);
    int rc = configure(p, options, option_count);
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_callback_register(identifier, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, p);
    }
    if (rc == MOSQ_ERR_SUCCESS) {
        rc = mosquitto_callback_register(identifier, MOSQ_EVT_RELOAD, on_reload, NULL, p);
    }
    if (rc == MOSQ_ERR_SUCCESS && p->acl_claim != NULL) {
        rc = mosquitto_callback_register(identifier, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL, p);
        if (rc == MOSQ_ERR_SUCCESS) {
            rc = mosquitto_callback_register(identifier, MOSQ_EVT_DISCONNECT, on_disconnect, NULL,
                                             p);
        }
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        mosquitto_callback_unregister(identifier, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
        mosquitto_callback_unregister(identifier, MOSQ_EVT_RELOAD, on_reload, NULL);
        mosquitto_callback_unregister(identifier, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL);
        mosquitto_callback_unregister(identifier, MOSQ_EVT_DISCONNECT, on_disconnect, NULL);
        plugin_free(p);
        return rc;
    }
    *userdata = p;
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "idgate: plugin ready (idgate %s)%s%s", idgate_version(),
                         p->acl_claim != NULL ? ", topic ACL from claim " : "",
                         p->acl_claim != NULL ? p->acl_claim : "");
    return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count) {
    (void)options;
    (void)option_count;
    struct plugin *p = userdata;
    if (p != NULL) {
        mosquitto_callback_unregister(p->id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
        mosquitto_callback_unregister(p->id, MOSQ_EVT_RELOAD, on_reload, NULL);
        if (p->acl_claim != NULL) {
            mosquitto_callback_unregister(p->id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL);
            mosquitto_callback_unregister(p->id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL);
        }
    }
    plugin_free(p);
    return MOSQ_ERR_SUCCESS;
}
