/*
 * bench_connect: sequential MQTT connects to a broker, each one waiting for its CONNACK and
 * then disconnecting (libmosquitto). Measures the broker's cost of accepting a client.
 *
 *   bench_connect PORT COUNT USERNAME PASSWORD_FILE
 *
 * Connects COUNT times (bounded) to 127.0.0.1:PORT and prints "<n> connects/s"; exits 1 if
 * any CONNACK refuses the client or never comes.
 */

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>

static int connack = -1;

static void on_connect(struct mosquitto *m, void *userdata, int rc) {
    (void)m;
    (void)userdata;
    connack = rc;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: bench_connect PORT COUNT USERNAME PASSWORD_FILE\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long count = strtol(argv[2], NULL, 10);
    if (count <= 0 || count > 1000000) {
        fprintf(stderr, "COUNT must be 1 to 1000000\n");
        return 2;
    }
    static char password[20000];
    FILE *f = fopen(argv[4], "rb");
    if (f == NULL) {
        perror(argv[4]);
        return 2;
    }
    size_t n = fread(password, 1, sizeof password - 1, f);
    fclose(f);
    password[n] = '\0';

    mosquitto_lib_init();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < count; i++) {
        char id[32];
        snprintf(id, sizeof id, "bench-%ld", i);
        struct mosquitto *m = mosquitto_new(id, true, NULL);
        if (m == NULL) {
            return 2;
        }
        mosquitto_connect_callback_set(m, on_connect);
        mosquitto_username_pw_set(m, argv[3], password);
        connack = -1;
        if (mosquitto_connect(m, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS) {
            fprintf(stderr, "connect %ld failed\n", i);
            return 1;
        }
        for (int spins = 0; connack < 0 && spins < 100; spins++) {
            mosquitto_loop(m, 100, 1);
        }
        if (connack != 0) {
            fprintf(stderr, "connect %ld: CONNACK %d\n", i, connack);
            return 1;
        }
        mosquitto_disconnect(m);
        mosquitto_loop(m, 10, 1);
        mosquitto_destroy(m);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    mosquitto_lib_cleanup();
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%.0f connects/s\n", (double)count / secs);
    return 0;
}
