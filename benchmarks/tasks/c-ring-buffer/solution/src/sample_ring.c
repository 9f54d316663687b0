/* Lock-free SPSC ring. head and tail are free-running counters: their difference
 * is the fill level even after they wrap at 2^32 (unsigned arithmetic is modulo
 * 2^32 and the capacity divides 2^32), so no slot is wasted to tell full from
 * empty. Ordering: the producer writes the slot, then publishes head with release;
 * the consumer reads head with acquire before reading slots, and publishes tail
 * with release only after it has copied them out. */
#include <stddef.h>

#include "sample_ring.h"

#define MAX_CAPACITY 0x80000000u

bool ring_init(sample_ring_t *ring, int32_t *storage, uint32_t capacity)
{
    bool power_of_two = capacity >= 2u && (capacity & (capacity - 1u)) == 0u;
    if (ring == NULL || storage == NULL || !power_of_two || capacity > MAX_CAPACITY) {
        return false;
    }
    ring->slots = storage;
    ring->capacity = capacity;
    atomic_init(&ring->head, 0u);
    atomic_init(&ring->tail, 0u);
    atomic_init(&ring->overflows, 0u);
    return true;
}

bool ring_push(sample_ring_t *ring, int32_t sample)
{
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);
    if (head - tail >= ring->capacity) {
        /* only the producer writes overflows: a load and a store are enough */
        uint32_t dropped = atomic_load_explicit(&ring->overflows, memory_order_relaxed);
        if (dropped != UINT32_MAX) {
            atomic_store_explicit(&ring->overflows, dropped + 1u, memory_order_relaxed);
        }
        return false;
    }
    ring->slots[head & (ring->capacity - 1u)] = sample;
    atomic_store_explicit(&ring->head, head + 1u, memory_order_release);
    return true;
}

bool ring_pop(sample_ring_t *ring, int32_t *sample)
{
    return ring_pop_many(ring, sample, 1u) == 1u;
}

uint32_t ring_pop_many(sample_ring_t *ring, int32_t *out, uint32_t max)
{
    if (out == NULL) {
        return 0;
    }
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
    uint32_t available = head - tail;
    uint32_t n = available < max ? available : max;
    uint32_t mask = ring->capacity - 1u;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = ring->slots[(tail + i) & mask];
    }
    atomic_store_explicit(&ring->tail, tail + n, memory_order_release);
    return n;
}

uint32_t ring_count(const sample_ring_t *ring)
{
    /* tail first: head only grows, so head - tail never exceeds the true count
     * by more than what was pushed in between, and never underflows */
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
    return head - tail;
}

uint32_t ring_overflows(const sample_ring_t *ring)
{
    return atomic_load_explicit(&ring->overflows, memory_order_relaxed);
}
