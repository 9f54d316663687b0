/* Scaling between ADC/DAC counts and engineering values in fixed point. */
#ifndef RIO_AI_SCALE_H
#define RIO_AI_SCALE_H

#include <stdint.h>

typedef enum {
    AI_OK = 0,
    AI_UNDERRANGE = 1,   /* below raw_min: value saturated */
    AI_OVERRANGE = 2,    /* above raw_max: value saturated */
    AI_WIRE_BREAK = 3,   /* raw below wire_break_below: substitute value */
    AI_CONFIG_ERROR = 4, /* unusable configuration or NULL pointer: nothing written */
} ai_status_t;

typedef struct {
    int16_t raw_min;          /* counts at the lower range end, e.g. 0 for 4 mA */
    int16_t raw_max;          /* counts at the upper range end, e.g. 27648 for 20 mA */
    int16_t wire_break_below; /* counts below this mean a broken wire */
    int32_t eng_min;          /* engineering value at raw_min (fixed point) */
    int32_t eng_max;          /* engineering value at raw_max (fixed point) */
    int32_t substitute;       /* value reported on wire break */
} ai_scale_cfg_t;

/* Analog input: raw counts -> engineering value. */
ai_status_t ai_scale(const ai_scale_cfg_t *cfg, int16_t raw, int32_t *value);

/* Analog output: engineering value -> raw counts. */
ai_status_t ao_unscale(const ai_scale_cfg_t *cfg, int32_t value, int16_t *raw);

#endif
