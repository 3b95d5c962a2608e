/*
 * Boot benchmark of the QEMU image built by `make qemu-bench` (never in the production image): measures one
 * MFCC frame and one inference on the board's µs clock, then runs each layer once more on its own. With `qemu -icount shift=0` one
 * instruction takes 1 ns of virtual time, so µs = thousands of instructions. ge_boot_bench_run() runs before
 * ge_app_setup (its buffers are its own); ge_boot_bench_report() sends the figures as LOG frames after it:
 *   bench frame_us=F inference_us=I score=S n_layers=N
 * tools/qemu-bench.ts parses it. Between the phases it calls ge_boot_bench_mark(k) — k = 0 before the frame,
 * 1 before the inference, 2 after it, 3 + i before layer i's own run, 3 + n_layers after the last — and
 * tools/qemu-mix.ts splits QEMU's execution trace at those calls (exact instruction counts per phase and layer).
 */
#ifndef GE_BOOT_BENCH_H
#define GE_BOOT_BENCH_H

void ge_boot_bench_run(void);
void ge_boot_bench_report(void);
/* Does nothing; not inlined, so its address marks the inference in an execution trace. */
void ge_boot_bench_mark(int phase);

#endif
