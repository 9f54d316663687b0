/* CRC-16/MODBUS (Modbus over Serial Line V1.02, 6.2.2): reflected polynomial 0xA001,
 * initial value 0xFFFF, transmitted low byte first. Bitwise rather than table-driven:
 * 256 frames a second at most, and the flash is small. */
#include "crc16.h"

#define CRC_SIZE 2u
#define MIN_BODY 2u /* unit id and function code */

uint16_t crc16_modbus(const uint8_t *data, size_t len)
{
    uint16_t crc = 0xFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc & 1u) ? (uint16_t)((crc >> 1) ^ 0xA001u) : (uint16_t)(crc >> 1);
        }
    }
    return crc;
}

size_t modbus_frame_seal(uint8_t *frame, size_t len, size_t capacity)
{
    if (frame == NULL || len < MIN_BODY || len > MODBUS_RTU_MAX_FRAME - CRC_SIZE ||
        capacity < len + CRC_SIZE) {
        return 0;
    }
    uint16_t crc = crc16_modbus(frame, len);
    frame[len] = (uint8_t)(crc & 0xFFu);
    frame[len + 1] = (uint8_t)(crc >> 8);
    return len + CRC_SIZE;
}

bool modbus_frame_valid(const uint8_t *frame, size_t len)
{
    if (frame == NULL || len < MIN_BODY + CRC_SIZE || len > MODBUS_RTU_MAX_FRAME) {
        return false;
    }
    if (frame[0] > MODBUS_MAX_UNIT_ID) {
        return false;
    }
    uint16_t received = (uint16_t)(frame[len - 2] | (frame[len - 1] << 8));
    return crc16_modbus(frame, len - CRC_SIZE) == received;
}
