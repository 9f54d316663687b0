/* Test driver for the sample ring: `ring_driver SCENARIO [N]`; exit 0 when the
 * scenario holds, else a message on stdout and exit 1. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample_ring.h"

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("%s:%d: check failed: %s\n", __func__, __LINE__, #cond); \
            return 1;                                                      \
        }                                                                  \
    } while (0)

static int32_t storage[1024];

static void start_at(sample_ring_t *ring, uint32_t counter)
{
    atomic_store(&ring->head, counter);
    atomic_store(&ring->tail, counter);
}

static int basic(void)
{
    sample_ring_t ring;
    int32_t value = 77;
    CHECK(ring_init(&ring, storage, 4));
    CHECK(ring_count(&ring) == 0);
    CHECK(!ring_pop(&ring, &value) && value == 77);
    CHECK(ring_push(&ring, -1) && ring_push(&ring, INT32_MIN) && ring_push(&ring, INT32_MAX));
    CHECK(ring_count(&ring) == 3);
    CHECK(ring_pop(&ring, &value) && value == -1);
    CHECK(ring_pop(&ring, &value) && value == INT32_MIN);
    CHECK(ring_pop(&ring, &value) && value == INT32_MAX);
    CHECK(!ring_pop(&ring, &value) && value == INT32_MAX);
    CHECK(ring_count(&ring) == 0 && ring_overflows(&ring) == 0);
    return 0;
}

static int full(void)
{
    sample_ring_t ring;
    int32_t value = 0;
    CHECK(ring_init(&ring, storage, 8));
    for (int32_t i = 0; i < 8; i++) {
        CHECK(ring_push(&ring, 100 + i));
    }
    CHECK(ring_count(&ring) == 8);
    CHECK(!ring_push(&ring, 999) && !ring_push(&ring, 998));
    CHECK(ring_overflows(&ring) == 2 && ring_count(&ring) == 8);
    for (int32_t i = 0; i < 8; i++) {
        CHECK(ring_pop(&ring, &value) && value == 100 + i); /* the new samples were dropped */
    }
    CHECK(!ring_pop(&ring, &value));
    CHECK(ring_push(&ring, 5) && ring_pop(&ring, &value) && value == 5);
    CHECK(ring_overflows(&ring) == 2);
    return 0;
}

static int wraparound(void)
{
    sample_ring_t ring;
    int32_t value = 0;
    CHECK(ring_init(&ring, storage, 4));
    start_at(&ring, UINT32_MAX - 1u);
    for (int32_t round = 0; round < 3; round++) {
        for (int32_t i = 0; i < 4; i++) {
            CHECK(ring_push(&ring, round * 10 + i));
        }
        CHECK(ring_count(&ring) == 4);
        CHECK(!ring_push(&ring, -5));
        for (int32_t i = 0; i < 4; i++) {
            CHECK(ring_pop(&ring, &value) && value == round * 10 + i);
        }
        CHECK(ring_count(&ring) == 0 && !ring_pop(&ring, &value));
    }
    CHECK(ring_overflows(&ring) == 3);
    CHECK(atomic_load(&ring.head) == UINT32_MAX - 1u + 12u); /* free-running, wrapped */
    CHECK(atomic_load(&ring.tail) == atomic_load(&ring.head));
    return 0;
}

static int wrap_while_filled(void)
{
    sample_ring_t ring;
    int32_t value = 0;
    CHECK(ring_init(&ring, storage, 8));
    start_at(&ring, UINT32_MAX - 2u);
    for (int32_t i = 0; i < 6; i++) {
        CHECK(ring_push(&ring, i)); /* head crosses 2^32 while tail has not */
    }
    CHECK(ring_count(&ring) == 6);
    CHECK(ring_push(&ring, 6) && ring_push(&ring, 7) && !ring_push(&ring, 8));
    CHECK(ring_count(&ring) == 8);
    for (int32_t i = 0; i < 8; i++) {
        CHECK(ring_pop(&ring, &value) && value == i);
    }
    CHECK(ring_count(&ring) == 0 && ring_overflows(&ring) == 1);
    return 0;
}

static int pop_many(void)
{
    sample_ring_t ring;
    int32_t out[16];
    memset(out, 0x55, sizeof out);
    CHECK(ring_init(&ring, storage, 8));
    start_at(&ring, UINT32_MAX - 2u); /* slots 5, 6, 7, then 0, 1, 2 */
    for (int32_t i = 0; i < 6; i++) {
        CHECK(ring_push(&ring, -100 - i));
    }
    CHECK(ring_pop_many(&ring, NULL, 4) == 0 && ring_count(&ring) == 6);
    CHECK(ring_pop_many(&ring, out, 0) == 0 && ring_count(&ring) == 6);
    CHECK(ring_pop_many(&ring, out, 2) == 2 && out[0] == -100 && out[1] == -101);
    CHECK(ring_count(&ring) == 4);
    CHECK(ring_pop_many(&ring, out, 16) == 4);
    for (int32_t i = 0; i < 4; i++) {
        CHECK(out[i] == -102 - i);
    }
    CHECK(out[4] == 0x55555555);
    CHECK(ring_pop_many(&ring, out, 16) == 0 && ring_count(&ring) == 0);
    return 0;
}

static int overflow_saturates(void)
{
    sample_ring_t ring;
    CHECK(ring_init(&ring, storage, 2));
    CHECK(ring_push(&ring, 1) && ring_push(&ring, 2));
    atomic_store(&ring.overflows, UINT32_MAX - 1u);
    CHECK(!ring_push(&ring, 3));
    CHECK(ring_overflows(&ring) == UINT32_MAX);
    CHECK(!ring_push(&ring, 4));
    CHECK(ring_overflows(&ring) == UINT32_MAX);
    return 0;
}

static int init_checks(void)
{
    sample_ring_t ring;
    memset(&ring, 0xAB, sizeof ring);
    CHECK(!ring_init(&ring, storage, 0));
    CHECK(!ring_init(&ring, storage, 1));
    CHECK(!ring_init(&ring, storage, 6));
    CHECK(!ring_init(&ring, storage, 1000));
    CHECK(!ring_init(&ring, storage, UINT32_MAX));
    CHECK(!ring_init(&ring, NULL, 8));
    CHECK(!ring_init(NULL, storage, 8));
    CHECK(ring.capacity == 0xABABABABu && ring.slots != storage); /* untouched */
    CHECK(ring_init(&ring, storage, 2) && ring.capacity == 2 && ring.slots == storage);
    CHECK(ring_init(&ring, storage, 1024));
    CHECK(ring_init(&ring, storage, 0x80000000u)); /* only the bookkeeping is checked */
    CHECK(ring_count(&ring) == 0 && ring_overflows(&ring) == 0);
    CHECK(atomic_load(&ring.head) == 0 && atomic_load(&ring.tail) == 0);
    return 0;
}

/* Two threads: the producer pushes 1..n, retrying while full (lossless) or not
 * (lossy); the consumer checks that what arrives is in order and complete. */
typedef struct {
    sample_ring_t ring;
    uint32_t n;
    bool lossless;
    atomic_bool done; /* the producer has finished */
    atomic_bool stop; /* the consumer has failed: the producer gives up */
} stress_t;

#define MAX_RETRIES 20000000u /* a push that never succeeds must not hang the check */

static void *producer(void *arg)
{
    stress_t *s = arg;
    for (uint32_t i = 1; i <= s->n && !atomic_load(&s->stop); i++) {
        uint32_t retries = 0;
        while (!ring_push(&s->ring, (int32_t)i) && s->lossless && ++retries < MAX_RETRIES) {
        }
    }
    atomic_store(&s->done, true);
    return NULL;
}

static int consume(stress_t *s)
{
    int32_t chunk[8];
    uint32_t received = 0;
    int32_t last = 0;
    for (;;) {
        bool finished = atomic_load(&s->done);
        uint32_t got = (received & 1u) ? ring_pop_many(&s->ring, chunk, 3)
                                       : (ring_pop(&s->ring, chunk) ? 1u : 0u);
        for (uint32_t i = 0; i < got; i++) {
            CHECK(chunk[i] > last);
            CHECK(!s->lossless || chunk[i] == last + 1);
            last = chunk[i];
        }
        received += got;
        CHECK(ring_count(&s->ring) <= s->ring.capacity);
        if (finished && got == 0 && ring_count(&s->ring) == 0) {
            break;
        }
    }
    /* lossless: every failed push was retried (and counted as an overflow) */
    CHECK(s->lossless ? received == s->n : received + ring_overflows(&s->ring) == s->n);
    return 0;
}

static int stress(uint32_t n, bool lossless)
{
    static int32_t slots[4];
    static stress_t s;
    CHECK(ring_init(&s.ring, slots, 4));
    s.n = n;
    s.lossless = lossless;
    atomic_init(&s.done, false);
    atomic_init(&s.stop, false);
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, producer, &s) == 0);
    int failed = consume(&s);
    atomic_store(&s.stop, true);
    pthread_join(thread, NULL);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        return 2;
    }
    uint32_t n = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 200000u;
    const char *name = argv[1];
    int failed = 2;
    if (strcmp(name, "basic") == 0) failed = basic();
    if (strcmp(name, "full") == 0) failed = full();
    if (strcmp(name, "wraparound") == 0) failed = wraparound();
    if (strcmp(name, "wrap_while_filled") == 0) failed = wrap_while_filled();
    if (strcmp(name, "pop_many") == 0) failed = pop_many();
    if (strcmp(name, "overflow_saturates") == 0) failed = overflow_saturates();
    if (strcmp(name, "init_checks") == 0) failed = init_checks();
    if (strcmp(name, "stress_lossless") == 0) failed = stress(n, true);
    if (strcmp(name, "stress_lossy") == 0) failed = stress(n, false);
    if (failed == 0) {
        printf("ok\n");
    }
    return failed;
}
