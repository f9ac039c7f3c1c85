// `pnpm messages:catch`: a local SMTP server and SMS gateway that print what the server
// sends, for watching messages to clients while developing (README, "Messages to
// clients"). E-mails' HTML parts and .ics files are saved under .tmp/messages/.
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const smtpPort = Number(process.env.CATCH_SMTP_PORT ?? 1025);
const smsPort = Number(process.env.CATCH_SMS_PORT ?? 1026);
const folder = ".tmp/messages";
await mkdir(folder, { recursive: true });
let count = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      async (mail) => {
        count += 1;
        const to = mail.to && "text" in mail.to ? mail.to.text : "";
        console.log(`\n=== e-mail ${count} to ${to}: ${mail.subject}\n${mail.text ?? ""}`);
        if (mail.html) await writeFile(`${folder}/${count}.html`, mail.html);
        for (const attachment of mail.attachments) {
          await writeFile(`${folder}/${count}-${attachment.filename}`, attachment.content);
          console.log(`(attachment ${folder}/${count}-${attachment.filename})`);
        }
        callback();
      },
      (error: Error) => callback(error),
    );
  },
});
smtp.on("error", (error) => {
  console.error(`SMTP on port ${smtpPort}: ${error.message}`);
  process.exit(1);
});
smtp.listen(smtpPort, "127.0.0.1");

createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    const { to, text } = JSON.parse(body || "{}") as { to?: string; text?: string };
    console.log(`\n=== SMS to ${to} (${text?.length ?? 0} characters)\n${text}`);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
})
  .on("error", (error) => {
    console.error(`SMS gateway on port ${smsPort}: ${error.message}`);
    process.exit(1);
  })
  .listen(smsPort, "127.0.0.1");

console.log(
  `Catching messages. Start the server with:\n  SMTP_URL=smtp://127.0.0.1:${smtpPort} MAIL_FROM="Pieraksts <pieraksts@localhost>" SMS_WEBHOOK_URL=http://127.0.0.1:${smsPort}/sms pnpm dev`,
);
