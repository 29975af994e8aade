/**
 * The administrator's view of one message of the local mailbox (issue 16): a message's HTML part is shown as escaped
 * source, never as markup — a script, an image or a link in it stays text.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MailboxMessageView } from "@/app/admin/boite-locale/MailboxMessage";
import type { MailboxMessage } from "@/server/messages/dev-mailbox";

const MESSAGE: MailboxMessage = {
  id: "00000000-0000-4000-8000-000000000001",
  from: "Modalis <ne-pas-repondre@modalis.local>",
  to: "zoe@exemple.fr",
  subject: "Convocation <b>bilan</b>",
  text: "Bonjour Zoé,\nVotre bilan : jeudi 2 avril à 14 h 00.",
  html: '<p>Bonjour</p><script>alert("x")</script><img src="https://pisteur.example/x.gif" onerror="alert(1)">',
  attachments: [{ filename: "rendez-vous.ics", contentType: "text/calendar" }],
  storedAt: "2026-03-26T09:00:00.000Z",
  sequence: 1,
};

describe("a message of the local mailbox", () => {
  it("shows the HTML part as escaped text: no script, image or markup of the message reaches the page", () => {
    const html = renderToStaticMarkup(createElement(MailboxMessageView, { message: MESSAGE, storedAt: "26/03/2026 10 h 00", channel: "EMAIL" }));
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>bilan");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("Convocation &lt;b&gt;bilan&lt;/b&gt;");
    expect(html).toContain("Bonjour Zoé,\nVotre bilan");
    expect(html).toContain("rendez-vous.ics (text/calendar)");
  });
});
