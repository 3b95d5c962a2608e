// gunshot-edge board for the Arduino Nano 33 BLE Sense. The firmware core and the generated model live in
// src/ (see README.md); this sketch is micro_speech's main_functions: setup() once, loop() forever.
#include <Arduino.h>

extern "C" {
#include "src/app.h"
}

void setup() {
  Serial.begin(115200);
  pinMode(LED_BUILTIN, OUTPUT);
  while (!Serial) {
  }
  ge_app_config_t cfg;
  ge_app_default_config(&cfg);
  cfg.board_id = "nano33-0001";
  if (ge_app_setup(&cfg) != GE_OK) {
    for (;;) {
      digitalWrite(LED_BUILTIN, millis() / 100 % 2); // fast blink: setup failed
    }
  }
}

void loop() {
  if (ge_app_loop() != GE_OK) ge_app_log(3, "loop failed");
}
