/* Receive path of the RS-485 port: bytes arrive from the UART interrupt, a silent
 * interval of 3.5 characters (timer interrupt) ends the frame. */
#include <string.h>

#include "crc16.h"

typedef struct {
    uint8_t buf[MODBUS_RTU_MAX_FRAME];
    size_t len;
    bool overrun;
} rtu_rx_t;

static rtu_rx_t rx;

void rtu_rx_on_byte(uint8_t byte)
{
    if (rx.len < sizeof rx.buf) {
        rx.buf[rx.len++] = byte;
    } else {
        rx.overrun = true;
    }
}

/* Called on the 3.5-character gap; copies a valid frame out and returns its length. */
size_t rtu_rx_on_gap(uint8_t *out, size_t capacity)
{
    size_t len = 0;
    if (!rx.overrun && modbus_frame_valid(rx.buf, rx.len) && rx.len <= capacity) {
        memcpy(out, rx.buf, rx.len);
        len = rx.len;
    }
    rx.len = 0;
    rx.overrun = false;
    return len;
}
