/* Stub: FreeRTOS semaphore subset (macros in the real header; the same call shapes). */
#pragma once
#include "FreeRTOS.h"
typedef void *SemaphoreHandle_t;
typedef int BaseType_t;
#define portMAX_DELAY ((TickType_t)0xffffffffUL)
SemaphoreHandle_t xSemaphoreCreateMutex(void);
BaseType_t xSemaphoreTake(SemaphoreHandle_t xSemaphore, TickType_t xBlockTime);
BaseType_t xSemaphoreGive(SemaphoreHandle_t xSemaphore);
