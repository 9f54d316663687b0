#include "sample_ring.h"

/* TODO: the ring from the prototype was lost in the repository move; rewrite it. */

bool ring_init(sample_ring_t *ring, int32_t *storage, uint32_t capacity)
{
    (void)ring;
    (void)storage;
    (void)capacity;
    return false;
}

bool ring_push(sample_ring_t *ring, int32_t sample)
{
    (void)ring;
    (void)sample;
    return false;
}

bool ring_pop(sample_ring_t *ring, int32_t *sample)
{
    (void)ring;
    (void)sample;
    return false;
}

uint32_t ring_pop_many(sample_ring_t *ring, int32_t *out, uint32_t max)
{
    (void)ring;
    (void)out;
    (void)max;
    return 0;
}

uint32_t ring_count(const sample_ring_t *ring)
{
    (void)ring;
    return 0;
}

uint32_t ring_overflows(const sample_ring_t *ring)
{
    (void)ring;
    return 0;
}
