/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor); check("123456789") = 0x29B1.
 * The frame checksum of PROTOCOL.md §3; bit-serial, so no table is needed in flash. */
#ifndef GE_CRC16_H
#define GE_CRC16_H
#include <stddef.h>
#include <stdint.h>

#define GE_CRC16_INIT 0xFFFFu

/* Continues a CRC over `len` bytes of `data` (data may be NULL when len is 0). */
uint16_t ge_crc16_update(uint16_t crc, const uint8_t *data, size_t len);

#endif
