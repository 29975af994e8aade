// Runs a program that knows nothing of its launcher (HAProxy) so that it leaves with it: started with an IPC channel
// by scripts/lib/cluster.ts, this process passes SIGTERM, SIGINT and SIGUSR1 on to the program, stops it (SIGTERM)
// when the launcher goes away, even killed with SIGKILL, and exits as the program does.
// Usage: spawn(node, ["scripts/lib/tied-child.mjs", program, ...args], { stdio: [..., "ipc"] })
import { spawn } from "node:child_process";

const [program, ...args] = process.argv.slice(2);
const child = spawn(program, args, { stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT", "SIGUSR1"]) process.on(signal, () => child.kill(signal));
if (process.channel) {
  process.channel.unref();
  process.on("disconnect", () => child.kill("SIGTERM"));
}
child.on("error", (error) => {
  console.error(`${program} : ${error.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
