/* Stub: the Arduino core API used by boards/nano33ble (declarations only). */
#pragma once
#include <stddef.h>
#include <stdint.h>
#define HIGH 1
#define LOW 0
#define OUTPUT 1
#define LED_BUILTIN 13
unsigned long micros(void);
unsigned long millis(void);
void digitalWrite(uint8_t pin, uint8_t val);
void pinMode(uint8_t pin, uint8_t mode);
void noInterrupts(void);
void interrupts(void);
class HardwareSerialStub {
 public:
  void begin(unsigned long baud);
  int available(void);
  int read(void);
  size_t write(const uint8_t *buf, size_t len);
  explicit operator bool() const;
};
extern HardwareSerialStub Serial;
