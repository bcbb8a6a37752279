/* Millisecond clock: SysTick on the core clock, one interrupt per millisecond. */
#include "board.h"
#include "board_registers.h"

static volatile uint32_t millis;

void board_systick_handler(void)
{
    millis++;
}

void board_systick_init(void)
{
    millis = 0;
    SYST_RVR = BOARD_CORE_CLOCK_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_CLKSOURCE_CORE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

uint32_t board_millis(void)
{
    return millis; /* one aligned word: the read is atomic on Cortex-M3 */
}
