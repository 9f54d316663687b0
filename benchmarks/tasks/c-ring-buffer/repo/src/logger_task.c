/* Logger task: the consumer of the sample ring; RMS and peak per 100 ms window. */
#include <stdint.h>

#include "sample_ring.h"

#define WINDOW_SAMPLES 2560u
#define CHUNK 256u

extern sample_ring_t adc_ring;

typedef struct {
    uint64_t sum_squares;
    int32_t peak;
    uint32_t samples;
    uint32_t dropped;
} window_t;

static window_t window;

/* Returns true when a window is complete (and resets the window's sums). */
bool logger_step(window_t *done)
{
    int32_t chunk[CHUNK];
    uint32_t n = ring_pop_many(&adc_ring, chunk, CHUNK);
    for (uint32_t i = 0; i < n; i++) {
        int32_t magnitude = chunk[i] < 0 ? -chunk[i] : chunk[i];
        window.sum_squares += (uint64_t)((int64_t)chunk[i] * chunk[i]);
        window.peak = magnitude > window.peak ? magnitude : window.peak;
    }
    window.samples += n;
    if (window.samples < WINDOW_SAMPLES) {
        return false;
    }
    window.dropped = ring_overflows(&adc_ring);
    *done = window;
    window = (window_t){0};
    return true;
}
