/* Channel table and the 10 ms scan of the analog channels. */
#include <stddef.h>

#include "ai_scale.h"

#define CHANNELS 8u

/* S7-compatible 4..20 mA ranges: 0..27648 counts, wire break below 1.185 mA. */
static const ai_scale_cfg_t channel_cfg[CHANNELS] = {
    {0, 27648, -4864, 0, 1600, 0},       /* PT101 tank pressure, 0.01 bar */
    {0, 27648, -4864, -5000, 15000, 0},  /* TT102 temperature, 0.01 degC */
    {0, 27648, -4864, 0, 100000, 0},     /* FT103 flow, 0.001 m3/h */
    {0, 27648, -4864, 10000, 0, 10000},  /* LT104 level (inverted), 0.01 % */
    {0, 27648, -4864, 0, 10000, 0},      /* FV105 valve position output, 0.01 % */
    {0, 27648, -4864, 0, 10000, 0},
    {0, 27648, -4864, 0, 10000, 0},
    {0, 27648, -4864, 0, 10000, 0},
};

static int32_t channel_value[CHANNELS];
static ai_status_t channel_status[CHANNELS];

void channels_scan(const int16_t raw[CHANNELS])
{
    for (size_t i = 0; i < CHANNELS; i++) {
        channel_status[i] = ai_scale(&channel_cfg[i], raw[i], &channel_value[i]);
    }
}

int32_t channel_read(size_t channel, ai_status_t *status)
{
    *status = channel_status[channel];
    return channel_value[channel];
}
