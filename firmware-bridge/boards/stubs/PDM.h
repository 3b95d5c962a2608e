/* Stub: the Arduino PDM library API (mbed core) used by boards/nano33ble. */
#pragma once
class PDMClassStub {
 public:
  int begin(int channels, int sampleRate);
  void onReceive(void (*function)(void));
  int available(void);
  int read(void *buffer, size_t size);
};
extern PDMClassStub PDM;
