/*
 * ngx_http_auth_idgate_module: bearer-token (RFC 6750) authentication for nginx, verifying
 * the JWT with idgate against a JWKS file loaded at configuration time.
 *
 *   load_module modules/ngx_http_auth_idgate_module.so;
 *   ...
 *   location /api/ {
 *       auth_idgate          on;
 *       auth_idgate_jwks     /etc/nginx/jwks.json;
 *       auth_idgate_issuer   https://issuer.example.com;
 *       auth_idgate_audience https://api.example.com;
 *       auth_idgate_profile  access-token;      # or id-token, jwt (default)
 *       auth_idgate_leeway   60s;
 *       auth_idgate_algs     RS256 ES256;       # default: every asymmetric algorithm
 *       proxy_set_header X-Subject $idgate_sub;
 *   }
 *
 * The key set is parsed by the master while it reads the configuration, so every worker
 * shares it read-only; `nginx -s reload` builds a new configuration with the current file,
 * and a file that does not load fails that configuration, so the running one (old keys)
 * stays in service.
 *
 * Every idgate call is in the section "idgate calls" below, so that the richer C API
 * (refusal detail, caller-sized key sets, skipped-key reasons) can replace them in one place.
 */

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "idgate.h"
#include "idgate_claim_text.h"

/* Keys one JWKS may hold (the key set is sized for them). */
#define NGX_HTTP_AUTH_IDGATE_MAX_KEYS  64


#define NGX_HTTP_IDGATE_PROFILE_JWT           0
#define NGX_HTTP_IDGATE_PROFILE_ACCESS_TOKEN  1
#define NGX_HTTP_IDGATE_PROFILE_ID_TOKEN      2

#define NGX_HTTP_IDGATE_CLAIM_PREFIX  "idgate_claim_"


typedef struct {
    ngx_flag_t       enable;
    ngx_str_t        jwks_file;
    idgate_keyset   *keys;
    ngx_str_t        issuer;
    ngx_str_t        audience;
    ngx_uint_t       profile;
    time_t           leeway;
    ngx_uint_t       algs;
    idgate_policy    policy;
} ngx_http_auth_idgate_loc_conf_t;


/* Per request, after a successful verification: the claims are views into scratch. It
 * lives in a pool cleanup entry, so it outlives the module context that nginx clears on an
 * internal redirect (index, try_files, error_page), and subrequests, which share the pool,
 * find it too. */
typedef struct {
    idgate_claims                     claims;
    u_char                           *scratch;
    void                             *lcf;     /* the location whose policy was met */
} ngx_http_auth_idgate_ctx_t;


static ngx_int_t ngx_http_auth_idgate_handler(ngx_http_request_t *r);
static ngx_http_auth_idgate_ctx_t *ngx_http_auth_idgate_get_ctx(ngx_http_request_t *r);
static void ngx_http_auth_idgate_cleanup(void *data);
static ngx_int_t ngx_http_auth_idgate_challenge(ngx_http_request_t *r,
    const char *code);
static ngx_int_t ngx_http_auth_idgate_sub_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_auth_idgate_claim_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_auth_idgate_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_auth_idgate_init(ngx_conf_t *cf);
static void *ngx_http_auth_idgate_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_auth_idgate_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static char *ngx_http_auth_idgate_jwks(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_auth_idgate_algs(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


static ngx_conf_enum_t  ngx_http_auth_idgate_profiles[] = {
    { ngx_string("jwt"), NGX_HTTP_IDGATE_PROFILE_JWT },
    { ngx_string("access-token"), NGX_HTTP_IDGATE_PROFILE_ACCESS_TOKEN },
    { ngx_string("id-token"), NGX_HTTP_IDGATE_PROFILE_ID_TOKEN },
    { ngx_null_string, 0 }
};


static ngx_command_t  ngx_http_auth_idgate_commands[] = {

    { ngx_string("auth_idgate"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_idgate_loc_conf_t, enable),
      NULL },

    { ngx_string("auth_idgate_jwks"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_auth_idgate_jwks,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("auth_idgate_issuer"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_idgate_loc_conf_t, issuer),
      NULL },

    { ngx_string("auth_idgate_audience"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_idgate_loc_conf_t, audience),
      NULL },

    { ngx_string("auth_idgate_profile"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_idgate_loc_conf_t, profile),
      &ngx_http_auth_idgate_profiles },

    { ngx_string("auth_idgate_leeway"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_idgate_loc_conf_t, leeway),
      NULL },

    { ngx_string("auth_idgate_algs"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_auth_idgate_algs,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_auth_idgate_module_ctx = {
    ngx_http_auth_idgate_add_variables,    /* preconfiguration */
    ngx_http_auth_idgate_init,             /* postconfiguration */

    NULL,                                  /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_auth_idgate_create_loc_conf,  /* create location configuration */
    ngx_http_auth_idgate_merge_loc_conf    /* merge location configuration */
};


ngx_module_t  ngx_http_auth_idgate_module = {
    NGX_MODULE_V1,
    &ngx_http_auth_idgate_module_ctx,      /* module context */
    ngx_http_auth_idgate_commands,         /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_http_variable_t  ngx_http_auth_idgate_vars[] = {

    { ngx_string("idgate_sub"), NULL, ngx_http_auth_idgate_sub_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string(NGX_HTTP_IDGATE_CLAIM_PREFIX), NULL,
      ngx_http_auth_idgate_claim_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE|NGX_HTTP_VAR_PREFIX, 0 },

      ngx_http_null_variable
};


static struct {
    ngx_str_t   name;
    uint32_t    bit;
} ngx_http_auth_idgate_alg_names[] = {
    { ngx_string("HS256"), IDGATE_ALG_HS256 },
    { ngx_string("HS384"), IDGATE_ALG_HS384 },
    { ngx_string("HS512"), IDGATE_ALG_HS512 },
    { ngx_string("RS256"), IDGATE_ALG_RS256 },
    { ngx_string("RS384"), IDGATE_ALG_RS384 },
    { ngx_string("RS512"), IDGATE_ALG_RS512 },
    { ngx_string("PS256"), IDGATE_ALG_PS256 },
    { ngx_string("PS384"), IDGATE_ALG_PS384 },
    { ngx_string("PS512"), IDGATE_ALG_PS512 },
    { ngx_string("ES256"), IDGATE_ALG_ES256 },
    { ngx_string("ES384"), IDGATE_ALG_ES384 },
    { ngx_string("ES512"), IDGATE_ALG_ES512 },
    { ngx_string("EdDSA"), IDGATE_ALG_EDDSA },
    { ngx_string("Ed25519"), IDGATE_ALG_ED25519 },
};


/* ------------------------------------------------------------------------------------- */
/* idgate calls                                                                           */

/* Loads the JWKS file into a new key set in the configuration pool. */
static char *
ngx_http_auth_idgate_load_keys(ngx_conf_t *cf, ngx_str_t *path, idgate_keyset **out)
{
    u_char           *jwks, *mem;
    size_t            added, skipped;
    ssize_t           n;
    ngx_fd_t          fd;
    ngx_file_info_t   fi;
    idgate_status     st;

    fd = ngx_open_file(path->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "idgate: cannot open JWKS \"%V\"", path);
        return NGX_CONF_ERROR;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "idgate: cannot stat JWKS \"%V\"", path);
        ngx_close_file(fd);
        return NGX_CONF_ERROR;
    }

    if (ngx_file_size(&fi) > IDGATE_MAX_JWKS_LEN) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "idgate: JWKS \"%V\" refused: too_large: longer than "
                           "%d bytes", path, IDGATE_MAX_JWKS_LEN);
        ngx_close_file(fd);
        return NGX_CONF_ERROR;
    }

    /* One byte more than the limit: a file that grew after the stat is still caught. */
    jwks = ngx_alloc(IDGATE_MAX_JWKS_LEN + 1, cf->log);
    if (jwks == NULL) {
        ngx_close_file(fd);
        return NGX_CONF_ERROR;
    }

    n = ngx_read_fd(fd, jwks, IDGATE_MAX_JWKS_LEN + 1);
    ngx_close_file(fd);

    if (n < 0 || n > IDGATE_MAX_JWKS_LEN) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, n < 0 ? ngx_errno : 0,
                           "idgate: cannot read JWKS \"%V\" (at most %d bytes)",
                           path, IDGATE_MAX_JWKS_LEN);
        ngx_free(jwks);
        return NGX_CONF_ERROR;
    }

    mem = ngx_pmemalign(cf->pool, idgate_keyset_size_for(NGX_HTTP_AUTH_IDGATE_MAX_KEYS),
                        idgate_keyset_align());
    if (mem == NULL) {
        ngx_free(jwks);
        return NGX_CONF_ERROR;
    }

    added = 0;
    skipped = 0;
    st = idgate_keyset_init(mem, idgate_keyset_size_for(NGX_HTTP_AUTH_IDGATE_MAX_KEYS));
    if (st == IDGATE_OK) {
        st = idgate_keyset_parse((idgate_keyset *) mem, jwks, (size_t) n, &added,
                                 &skipped);
    }
    ngx_free(jwks);

    if (st != IDGATE_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "idgate: JWKS \"%V\" refused: %s: %s",
                           path, idgate_status_str(st), idgate_status_message(st));
        return NGX_CONF_ERROR;
    }

    ngx_conf_log_error(NGX_LOG_NOTICE, cf, 0,
                       "idgate: loaded %uz keys from \"%V\" (%uz skipped)",
                       added, path, skipped);

    *out = (idgate_keyset *) mem;
    return NGX_CONF_OK;
}


/* Fills the policy of a location from its directives (the strings live as long as the
 * configuration) and checks it once with idgate, so a bad setting fails the configuration
 * instead of every request. */
static char *
ngx_http_auth_idgate_build_policy(ngx_conf_t *cf, ngx_http_auth_idgate_loc_conf_t *conf)
{
    idgate_status   st;
    idgate_claims   claims;
    u_char          scratch[IDGATE_SCRATCH_LEN(1)];

    switch (conf->profile) {

    case NGX_HTTP_IDGATE_PROFILE_ACCESS_TOKEN:
        st = idgate_policy_access_token(&conf->policy,
                                        (const char *) conf->issuer.data,
                                        conf->issuer.len,
                                        (const char *) conf->audience.data,
                                        conf->audience.len);
        break;

    case NGX_HTTP_IDGATE_PROFILE_ID_TOKEN:
        st = idgate_policy_id_token(&conf->policy,
                                    (const char *) conf->issuer.data,
                                    conf->issuer.len,
                                    (const char *) conf->audience.data,
                                    conf->audience.len);
        break;

    default: /* jwt */
        idgate_policy_init(&conf->policy);
        conf->policy.issuer.ptr = (const char *) conf->issuer.data;
        conf->policy.issuer.len = conf->issuer.len;
        conf->policy.audience.ptr = (const char *) conf->audience.data;
        conf->policy.audience.len = conf->audience.len;
        st = IDGATE_OK;
        break;
    }

    if (st == IDGATE_OK) {
        if (conf->algs != NGX_CONF_UNSET_UINT) {
            conf->policy.algs = (uint32_t) conf->algs;
        }

        if (conf->leeway != NGX_CONF_UNSET) {
            conf->policy.leeway = (uint64_t) conf->leeway;
        }

        /* A one-byte token: idgate checks the key set and the policy (UTF-8, bits)
         * before it looks at the token, which it then finds malformed. */
        st = idgate_verify(conf->keys, &conf->policy, (const uint8_t *) "x", 1, 0,
                           scratch, sizeof(scratch), &claims);
        if (st == IDGATE_ERR_MALFORMED) {
            st = IDGATE_OK;
        }
    }

    if (st != IDGATE_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "idgate: the issuer, audience or algorithms are not usable: "
                           "%s: %s", idgate_status_str(st), idgate_status_message(st));
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* Verifies `token` now; on success the claims in ctx are views into ctx->scratch. Returns
 * NGX_ERROR if the scratch buffer cannot be allocated, else NGX_OK with *st set. */
static ngx_int_t
ngx_http_auth_idgate_verify(ngx_http_request_t *r, ngx_http_auth_idgate_loc_conf_t *lcf,
    ngx_str_t *token, ngx_http_auth_idgate_ctx_t *ctx, idgate_status *st,
    idgate_detail *detail)
{
    size_t   len;

    /* Longer tokens are refused (too_large) before idgate reads the scratch buffer. */
    len = ngx_min(token->len, IDGATE_MAX_TOKEN_LEN);

    ctx->scratch = ngx_pnalloc(r->pool, IDGATE_SCRATCH_LEN(len));
    if (ctx->scratch == NULL) {
        return NGX_ERROR;
    }

    *st = idgate_verify_ex(lcf->keys, &lcf->policy, token->data, token->len,
                           (uint64_t) ngx_time(), ctx->scratch, IDGATE_SCRATCH_LEN(len),
                           &ctx->claims, detail);
    return NGX_OK;
}


/* ------------------------------------------------------------------------------------- */
/* Access phase                                                                           */

static ngx_int_t
ngx_http_auth_idgate_handler(ngx_http_request_t *r)
{
    u_char                           *p, *end;
    char                              why[512];
    idgate_detail                     detail;
    ngx_str_t                         token;
    idgate_status                     st;
    ngx_pool_cleanup_t               *cln;
    ngx_http_auth_idgate_ctx_t       *ctx, attempt;
    ngx_http_auth_idgate_loc_conf_t  *lcf;

    lcf = ngx_http_get_module_loc_conf(r, ngx_http_auth_idgate_module);

    if (!lcf->enable) {
        return NGX_DECLINED;
    }

    /* After an internal redirect back into a location whose policy this request already
     * met, verifying again would give the same answer. Another location verifies anew. */
    ctx = ngx_http_auth_idgate_get_ctx(r);
    if (ctx != NULL && ctx->lcf == lcf) {
        ngx_http_set_ctx(r, ctx, ngx_http_auth_idgate_module);
        return NGX_OK;
    }

    if (r->headers_in.authorization == NULL) {
        return ngx_http_auth_idgate_challenge(r, NULL);
    }

    /* RFC 6750 §2.1: "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235
     * §2.1). Any other scheme is a request without a bearer token. */
    p = r->headers_in.authorization->value.data;
    end = p + r->headers_in.authorization->value.len;

    if (end - p < 7 || ngx_strncasecmp(p, (u_char *) "Bearer ", 7) != 0) {
        return ngx_http_auth_idgate_challenge(r, NULL);
    }

    p += 7;
    while (p < end && *p == ' ') {
        p++;
    }
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }

    token.data = p;
    token.len = end - p;

    ngx_memzero(&attempt, sizeof(ngx_http_auth_idgate_ctx_t));

    ngx_memzero(&detail, sizeof(idgate_detail));
    if (ngx_http_auth_idgate_verify(r, lcf, &token, &attempt, &st, &detail) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (st != IDGATE_OK) {
        igw_detail_text(&detail, why, sizeof(why));
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "idgate: refused bearer token: %s: %s%s%s%s",
                      idgate_status_str(st), idgate_status_message(st),
                      why[0] != '\0' ? " (" : "", why, why[0] != '\0' ? ")" : "");
        return ngx_http_auth_idgate_challenge(r, idgate_status_str(st));
    }

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_auth_idgate_ctx_t));
    if (cln == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    cln->handler = ngx_http_auth_idgate_cleanup;
    ctx = cln->data;
    *ctx = attempt;
    ctx->lcf = lcf;

    ngx_http_set_ctx(r, ctx, ngx_http_auth_idgate_module);

    return NGX_OK;
}


/* The verified claims of this request, if any location verified its token (see
 * ngx_http_auth_idgate_ctx_t). */
static ngx_http_auth_idgate_ctx_t *
ngx_http_auth_idgate_get_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t          *cln;
    ngx_http_auth_idgate_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_auth_idgate_module);

    if (ctx == NULL && (r->internal || r->filter_finalize)) {
        for (cln = r->pool->cleanup; cln; cln = cln->next) {
            if (cln->handler == ngx_http_auth_idgate_cleanup) {
                ctx = cln->data;
                break;
            }
        }
    }

    return ctx;
}


/* Only marks the pool cleanup entry that holds the context; the pool frees the memory. */
static void
ngx_http_auth_idgate_cleanup(void *data)
{
}


/* 401 with a challenge (RFC 6750 §3): no error for a request without a token, else
 * invalid_token with idgate's code (a snake_case word, safe in a quoted-string). */
static ngx_int_t
ngx_http_auth_idgate_challenge(ngx_http_request_t *r, const char *code)
{
    size_t            len;
    u_char           *value;
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (code == NULL) {
        ngx_str_set(&h->value, "Bearer");

    } else {
        len = sizeof("Bearer error=\"invalid_token\", error_description=\"\"") - 1
              + ngx_strlen(code);
        value = ngx_pnalloc(r->pool, len);
        if (value == NULL) {
            h->hash = 0;
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ngx_sprintf(value, "Bearer error=\"invalid_token\", error_description=\"%s\"",
                    code);
        h->value.data = value;
        h->value.len = len;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "WWW-Authenticate");
    r->headers_out.www_authenticate = h;

    return NGX_HTTP_UNAUTHORIZED;
}


/* ------------------------------------------------------------------------------------- */
/* Variables                                                                              */

/* Sets v to `len` bytes at `data`, or not found if they hold a control character (a
 * decoded claim could carry CR LF into a header built from the variable). */
static void
ngx_http_auth_idgate_set_value(ngx_http_variable_value_t *v, const u_char *data,
    size_t len)
{
    /* v->len is a 28-bit field; claims are far shorter (tokens are at most 16 KiB). */
    if (data == NULL || len > 0x0fffffff
        || igw_has_control((const char *) data, len))
    {
        v->not_found = 1;
        return;
    }

    v->data = (u_char *) data;
    v->len = len;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
}


static ngx_int_t
ngx_http_auth_idgate_sub_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_http_auth_idgate_ctx_t  *ctx;

    ctx = ngx_http_auth_idgate_get_ctx(r);
    if (ctx == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    ngx_http_auth_idgate_set_value(v, (const u_char *) ctx->claims.sub.ptr,
                                   ctx->claims.sub.len);
    return NGX_OK;
}


/* $idgate_claim_NAME: a string claim decoded, any other JSON value as its JSON text. */
static ngx_int_t
ngx_http_auth_idgate_claim_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_str_t                   *name = (ngx_str_t *) data;
    u_char                      *out;
    size_t                       raw_len, out_len, prefix;
    const uint8_t               *raw;
    ngx_http_auth_idgate_ctx_t  *ctx;

    prefix = sizeof(NGX_HTTP_IDGATE_CLAIM_PREFIX) - 1;
    ctx = ngx_http_auth_idgate_get_ctx(r);

    if (ctx == NULL || name->len <= prefix
        || idgate_claim_raw(&ctx->claims, (const char *) name->data + prefix,
                            name->len - prefix, &raw, &raw_len) != IDGATE_OK
        || raw_len == 0)
    {
        v->not_found = 1;
        return NGX_OK;
    }

    if (raw[0] != '"') {
        ngx_http_auth_idgate_set_value(v, raw, raw_len);
        return NGX_OK;
    }

    out = ngx_pnalloc(r->pool, raw_len);
    if (out == NULL) {
        return NGX_ERROR;
    }

    if (igw_json_string(raw, raw_len, (char *) out, raw_len, &out_len) != 0) {
        v->not_found = 1;
        return NGX_OK;
    }

    ngx_http_auth_idgate_set_value(v, out, out_len);
    return NGX_OK;
}


static ngx_int_t
ngx_http_auth_idgate_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_auth_idgate_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


/* ------------------------------------------------------------------------------------- */
/* Configuration                                                                          */

static void *
ngx_http_auth_idgate_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_auth_idgate_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_auth_idgate_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /* ngx_pcalloc: jwks_file, keys, issuer and audience are unset (NULL / empty). */
    conf->enable = NGX_CONF_UNSET;
    conf->profile = NGX_CONF_UNSET_UINT;
    conf->leeway = NGX_CONF_UNSET;
    conf->algs = NGX_CONF_UNSET_UINT;

    return conf;
}


static char *
ngx_http_auth_idgate_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_auth_idgate_loc_conf_t  *prev = parent;
    ngx_http_auth_idgate_loc_conf_t  *conf = child;

    ngx_conf_merge_value(conf->enable, prev->enable, 0);
    ngx_conf_merge_str_value(conf->issuer, prev->issuer, "");
    ngx_conf_merge_str_value(conf->audience, prev->audience, "");
    ngx_conf_merge_uint_value(conf->profile, prev->profile,
                              NGX_HTTP_IDGATE_PROFILE_JWT);
    ngx_conf_merge_value(conf->leeway, prev->leeway, NGX_CONF_UNSET);
    ngx_conf_merge_uint_value(conf->algs, prev->algs, NGX_CONF_UNSET_UINT);

    if (conf->keys == NULL) {
        conf->keys = prev->keys;
        conf->jwks_file = prev->jwks_file;
    }

    if (!conf->enable) {
        return NGX_CONF_OK;
    }

    if (conf->keys == NULL || conf->issuer.len == 0 || conf->audience.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "idgate: \"auth_idgate on\" needs auth_idgate_jwks, "
                           "auth_idgate_issuer and auth_idgate_audience");
        return NGX_CONF_ERROR;
    }

    return ngx_http_auth_idgate_build_policy(cf, conf);
}


static char *
ngx_http_auth_idgate_jwks(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_auth_idgate_loc_conf_t  *lcf = conf;
    ngx_str_t                        *value;

    if (lcf->keys != NULL) {
        return "is duplicate";
    }

    value = cf->args->elts;
    lcf->jwks_file = value[1];

    if (ngx_conf_full_name(cf->cycle, &lcf->jwks_file, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    return ngx_http_auth_idgate_load_keys(cf, &lcf->jwks_file, &lcf->keys);
}


static char *
ngx_http_auth_idgate_algs(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_auth_idgate_loc_conf_t  *lcf = conf;
    ngx_str_t                        *value;
    ngx_uint_t                        i, k, bits;
    ngx_flag_t                        known;

    if (lcf->algs != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;
    bits = 0;

    for (i = 1; i < cf->args->nelts; i++) {
        known = 0;

        for (k = 0; k < sizeof(ngx_http_auth_idgate_alg_names)
                        / sizeof(ngx_http_auth_idgate_alg_names[0]); k++)
        {
            if (value[i].len == ngx_http_auth_idgate_alg_names[k].name.len
                && ngx_strncmp(value[i].data, ngx_http_auth_idgate_alg_names[k].name.data,
                               value[i].len) == 0)
            {
                bits |= ngx_http_auth_idgate_alg_names[k].bit;
                known = 1;
            }
        }

        if (!known) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "idgate: unknown algorithm \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }
    }

    lcf->algs = bits;
    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_auth_idgate_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_auth_idgate_handler;

    return NGX_OK;
}
