/* Modbus RTU checksum (CRC-16/MODBUS) and frame checks for the field bus side. */
#ifndef GATEWAY_CRC16_H
#define GATEWAY_CRC16_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODBUS_RTU_MAX_FRAME 256u /* bytes, CRC included */
#define MODBUS_MAX_UNIT_ID 247u

/* CRC-16/MODBUS of len bytes (0xFFFF for len 0). */
uint16_t crc16_modbus(const uint8_t *data, size_t len);

/* Appends the CRC (low byte first) to the len bytes in frame.
 * Returns the new length, or 0 when the frame cannot be sealed. */
size_t modbus_frame_seal(uint8_t *frame, size_t len, size_t capacity);

/* True when frame is a complete RTU frame with a matching CRC. */
bool modbus_frame_valid(const uint8_t *frame, size_t len);

#endif
