/* ADC DMA half/full-transfer interrupt: the producer of the sample ring. */
#include <stddef.h>

#include "sample_ring.h"

#define RING_CAPACITY 4096u
#define DMA_HALF 64u

static int32_t ring_storage[RING_CAPACITY];
sample_ring_t adc_ring;

void adc_init(void)
{
    (void)ring_init(&adc_ring, ring_storage, RING_CAPACITY);
}

/* Called with the DMA half that just completed. */
void adc_dma_isr(const int16_t *block)
{
    for (size_t i = 0; i < DMA_HALF; i++) {
        (void)ring_push(&adc_ring, block[i]);
    }
}
