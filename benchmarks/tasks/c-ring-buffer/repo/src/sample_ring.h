/* Single-producer/single-consumer ring of ADC samples between the ADC interrupt
 * (producer) and the logger task (consumer). Lock-free: the producer only writes
 * head, the consumer only writes tail. */
#ifndef VIBMON_SAMPLE_RING_H
#define VIBMON_SAMPLE_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int32_t *slots;              /* capacity samples, owned by the caller */
    uint32_t capacity;           /* power of two, 2..2^31 */
    _Atomic uint32_t head;       /* samples pushed so far (free-running, wraps at 2^32) */
    _Atomic uint32_t tail;       /* samples popped so far (free-running, wraps at 2^32) */
    _Atomic uint32_t overflows;  /* samples dropped because the ring was full (saturates) */
} sample_ring_t;

bool ring_init(sample_ring_t *ring, int32_t *storage, uint32_t capacity);

/* Producer side. */
bool ring_push(sample_ring_t *ring, int32_t sample);

/* Consumer side. */
bool ring_pop(sample_ring_t *ring, int32_t *sample);
uint32_t ring_pop_many(sample_ring_t *ring, int32_t *out, uint32_t max);

/* Either side. */
uint32_t ring_count(const sample_ring_t *ring);
uint32_t ring_overflows(const sample_ring_t *ring);

#endif
