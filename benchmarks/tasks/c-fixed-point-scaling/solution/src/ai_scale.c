/* Fixed-point scaling for the analog channels. The MCU has no FPU, so everything
 * is int64 arithmetic: a 16-bit count span times a 32-bit engineering span needs
 * 49 bits, which int64 holds with room to spare. */
#include <stddef.h>

#include "ai_scale.h"

/* n / d rounded to nearest, exact halves away from zero; d must not be 0. */
static int64_t div_round(int64_t n, int64_t d)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    if (n >= 0) {
        return (n + d / 2) / d;
    }
    return -((-n + d / 2) / d);
}

static int config_ok(const ai_scale_cfg_t *cfg)
{
    return cfg->raw_max > cfg->raw_min && cfg->eng_max != cfg->eng_min;
}

ai_status_t ai_scale(const ai_scale_cfg_t *cfg, int16_t raw, int32_t *value)
{
    if (cfg == NULL || value == NULL || !config_ok(cfg)) {
        return AI_CONFIG_ERROR;
    }
    if (raw < cfg->wire_break_below) {
        *value = cfg->substitute;
        return AI_WIRE_BREAK;
    }
    if (raw < cfg->raw_min) {
        *value = cfg->eng_min;
        return AI_UNDERRANGE;
    }
    if (raw > cfg->raw_max) {
        *value = cfg->eng_max;
        return AI_OVERRANGE;
    }
    int64_t raw_span = (int64_t)cfg->raw_max - cfg->raw_min;
    int64_t eng_span = (int64_t)cfg->eng_max - cfg->eng_min;
    /* eng_min is folded into the numerator so that the whole sum is rounded once */
    int64_t numerator = (int64_t)cfg->eng_min * raw_span + ((int64_t)raw - cfg->raw_min) * eng_span;
    *value = (int32_t)div_round(numerator, raw_span);
    return AI_OK;
}

ai_status_t ao_unscale(const ai_scale_cfg_t *cfg, int32_t value, int16_t *raw)
{
    if (cfg == NULL || raw == NULL || !config_ok(cfg)) {
        return AI_CONFIG_ERROR;
    }
    int64_t raw_span = (int64_t)cfg->raw_max - cfg->raw_min;
    int64_t eng_span = (int64_t)cfg->eng_max - cfg->eng_min;
    int64_t numerator = (int64_t)cfg->raw_min * eng_span + ((int64_t)value - cfg->eng_min) * raw_span;
    int64_t counts = div_round(numerator, eng_span);
    if (counts < cfg->raw_min) {
        *raw = cfg->raw_min;
        return AI_UNDERRANGE;
    }
    if (counts > cfg->raw_max) {
        *raw = cfg->raw_max;
        return AI_OVERRANGE;
    }
    *raw = (int16_t)counts;
    return AI_OK;
}
