#include "ai_scale.h"

ai_status_t ai_scale(const ai_scale_cfg_t *cfg, int16_t raw, int32_t *value)
{
    /* TODO: first version from the prototype board, no range checks yet */
    *value = cfg->eng_min + (raw - cfg->raw_min) * (cfg->eng_max - cfg->eng_min) /
                                (cfg->raw_max - cfg->raw_min);
    return AI_OK;
}

ai_status_t ao_unscale(const ai_scale_cfg_t *cfg, int32_t value, int16_t *raw)
{
    (void)cfg;
    (void)value;
    *raw = 0;
    return AI_CONFIG_ERROR;
}
