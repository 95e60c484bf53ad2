import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on("pageerror", (e) => console.log("pageerror:", e.message));
await p.goto("http://localhost:3411/");
await p.getByLabel("Message #team").waitFor();
for (const cmd of (process.argv[2] ?? "/backlog").split("|")) {
  await p.getByLabel("Message #team").fill(cmd);
  await p.keyboard.press("Enter");
  await p.waitForTimeout(2500);
}
await p.screenshot({ path: "/tmp/shot.png" });
await b.close();
