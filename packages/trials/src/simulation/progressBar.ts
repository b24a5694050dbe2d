/**
 * A terminal progress bar for long simulations, shaped as `simulateTrials`' onProgress callback.
 */
import cliProgress from "cli-progress";

/**
 * Returns an onProgress(done, total) that draws a cli-progress bar labelled `label` on stderr, and stops
 * it when done reaches total. Does nothing when stderr is not a terminal (pipes, CI logs, servers).
 */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number) => void {
  if (!stream.isTTY) return () => {};
  let bar: cliProgress.SingleBar | undefined;
  return (done, total) => {
    if (!bar) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} trials | {eta_formatted} left`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    }
    bar.update(done);
    if (done >= total) {
      bar.stop();
      bar = undefined;
    }
  };
}
