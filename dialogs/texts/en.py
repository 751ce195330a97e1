"""English texts: complete, for prospects whose Telegram speaks English."""

TEXTS: dict[str, str] = {
    # --- the questions -------------------------------------------------------------------
    "progress": "<i>Question {n} of {total}</i>",
    "q.it_value.text": (
        "Roughly what is all your IT worth? Add up servers, PCs, laptops, phones, the phone "
        "system, printers, website and intranet."
    ),
    "q.it_value.help": (
        "What it would cost to buy and set up all devices and systems again. An estimate is "
        "fine, e.g. 80,000 or 80k. After an attack, restoring typically costs about half of that."
    ),
    "q.it_value.short": "Value of IT",
    "q.funds_cover.text": (
        "Should the insurance also replace money that attackers take from your accounts or "
        "means of payment?"
    ),
    "q.funds_cover.help": (
        "Whoever gets into your online banking or payment system can transfer the funds "
        "available at short notice. This module replaces such losses."
    ),
    "q.funds_cover.short": "Cover accounts",
    "q.funds.text": (
        "How much money is available at short notice on your accounts and means of payment, "
        "i.e. within an attacker's reach?"
    ),
    "q.funds.help": (
        "Add up balances and credit lines that can be used online right away. Fixed deposits "
        "with a notice period do not count."
    ),
    "q.funds.short": "Available funds",
    "q.bi_cover.text": (
        "Should the insurance also pay if your business stands still after an attack "
        "(business interruption)?"
    ),
    "q.bi_cover.help": (
        "Business interruption cover replaces running costs and lost profit while you cannot "
        "work, or only partly, after an attack."
    ),
    "q.bi_cover.short": "Business interruption",
    "q.monthly_costs.text": "What are your running costs per month?",
    "q.monthly_costs.help": (
        "Salaries, rent, leasing, licences and everything else that keeps running during an "
        "outage. Example: 30,000"
    ),
    "q.monthly_costs.short": "Running costs per month",
    "q.monthly_profit.text": "What is your operating profit per month? 0 is possible.",
    "q.monthly_profit.help": (
        "The profit before tax you make in a normal month. A twelfth of the annual profit is a "
        "good estimate."
    ),
    "q.monthly_profit.short": "Profit per month",
    "q.outage_months.text": "How many months could an outage last in the worst case?",
    "q.outage_months.help": (
        "Assume at least one month: cleaning systems, restoring data and winning back clients "
        "often takes weeks."
    ),
    "q.outage_months.short": "Outage duration",
    "q.penalties.text": (
        "Which contract penalties could become due if an outage stops you from delivering? "
        "0 is possible."
    ),
    "q.penalties.help": (
        "Think of service level agreements, delivery dates or penalty clauses in client "
        "contracts. Example: 5,000"
    ),
    "q.penalties.short": "Contract penalties",
    "q.it_liability.text": (
        "Do you have an IT liability insurance that already covers damage to third parties "
        "(e.g. your clients)?"
    ),
    "q.it_liability.help": (
        "Many IT service providers have IT liability cover. If it already covers third-party "
        "damage, we leave it out here so that you do not insure anything twice."
    ),
    "q.it_liability.short": "IT liability",
    "q.records.text": (
        "How many personal data records do you store? Count clients, employees and business "
        "partners."
    ),
    "q.records.help": (
        "Every person you store data about is one record. If such data is lost, informing those "
        "affected, lawyers and claims cost money. Example: 2,000"
    ),
    "q.records.short": "Personal data records",
    "q.payment_records.text": "How many bank or credit card records do you store yourself? 0 is possible.",
    "q.payment_records.help": (
        "Only data kept by you counts, not data a payment provider manages for you. Example: 300"
    ),
    "q.payment_records.short": "Bank and card records",
    "q.client_damage.text": (
        "What is the largest damage a client could claim from you after a cyber incident?"
    ),
    "q.client_damage.help": (
        "If you agreed a liability cap, name it. Otherwise estimate the largest possible damage "
        "of your most important client, including lost revenue."
    ),
    "q.client_damage.short": "Largest client claim",
    "q.measures.text": (
        "Which of these security measures do you already have? Tap all that apply, then “Done”."
    ),
    "q.measures.help": (
        "Insurers ask about these measures before they offer cover. If something is missing, "
        "the result tells you why it matters. Backup means: regular and kept outside the company "
        "network."
    ),
    "q.measures.short": "Security measures",
    "q.training.text": "Are your staff trained regularly on cyber risks, e.g. phishing e-mails?",
    "q.training.help": (
        "Most attacks start with an e-mail. Trained staff are more likely to spot suspicious "
        "attachments and links."
    ),
    "q.training.short": "Training",
    # --- options and navigation ---------------------------------------------------------
    "opt.yes": "Yes",
    "opt.no": "No",
    "opt.unsure": "Not sure",
    "opt.unknown": "I don't know",
    "opt.done": "Done",
    "opt.zero": "None / 0",
    "opt.months": "{n} mo.",
    "opt.keep": "Keep: {answer}",
    "nav.back": "◀ Back",
    "nav.help": "What counts?",
    "answer.none_selected": "none",
    "answer.list": "{items}",
    "list.separator": ", ",
    # --- expectations and refusals ------------------------------------------------------
    "expect.amount": "Please give an amount in euros, e.g. 80,000, 80k or 1.5m.",
    "expect.amount_or_unknown": (
        "Please give an amount in euros, e.g. 500,000 or 1.5m, or tap “I don't know”."
    ),
    "expect.count": "Please give a whole number, e.g. 2,000 or 0.",
    "expect.months": "Please give a whole number of months from 1 to 36, e.g. 2.",
    "expect.yes_no": "Please tap “Yes” or “No”.",
    "expect.yes_no_unsure": "Please tap “Yes”, “No” or “Not sure”.",
    "expect.checklist": "Tap the measures you have, then “Done”.",
    "error.empty": "I did not receive an answer.",
    "error.not_a_number": "I could not read “{text}” as a number.",
    "error.negative": "You entered a negative number ({value}). Only values from 0 are possible here.",
    "error.too_large.amount": "€{value} is more than 10 billion euros; probably a typo.",
    "error.too_large.amount_or_unknown": "€{value} is more than 10 billion euros; probably a typo.",
    "error.too_large.count": "{value} is more than a billion; probably a typo.",
    "error.too_large.months": "{value} months is more than the 36 months we calculate with.",
    "error.not_whole": "I understood {value}; a whole number is needed here.",
    "error.too_small": "I understood {value}; an outage lasts at least one month.",
    "error.not_a_choice": "“{text}” does not match any of the answers.",
    "error.use_buttons": "Please use the buttons below the question.",
    "stale.button": "That button belongs to an earlier question. Here is the current one:",
    "back.at_start": "This is already the first question.",
    "restart.done": "Fine, let's start over. Your previous answers have been discarded.",
    "resume.ask": "You have already started the consultation. Continue where you left off, or start over?",
    "resume.continue": "Continue",
    "resume.restart": "Start over",
    # --- the result ---------------------------------------------------------------------
    "summary.headline": "<b>Recommended sum insured: {amount}</b>",
    "item.it_restoration": "IT restoration",
    "item.funds": "Accounts, payments",
    "item.business_interruption": "Business interruption",
    "item.penalties": "Contract penalties",
    "item.records": "Personal data",
    "item.payment_records": "Bank and card data",
    "item.subtotal": "Subtotal",
    "item.surcharge": "Safety margin",
    "item.total": "Total",
    "note.client_damage": (
        "The largest possible claim by a client ({amount}) exceeds the calculated sum ({total}). "
        "So that it is covered, we raised the recommendation to this amount."
    ),
    "note.third_party_excluded": (
        "Your IT liability insurance already covers damage to third parties, so we left it out "
        "to avoid insuring it twice. Your broker can check whether a combined IT liability and "
        "cyber policy costs you less."
    ),
    "note.it_value_zero": (
        "You gave the value of your IT as 0, so IT restoration is missing from the calculation. "
        "Almost every business has computers, phones or a website: each {step} of IT value adds "
        "{more} to the need. A rough estimate is enough."
    ),
    "note.bi_low": (
        "You assumed an outage of 1 month. After an attack it often takes longer until everything "
        "runs again: each further month adds {per_month} to the need. Discuss with your broker "
        "how long your business could manage without its IT."
    ),
    "measures.intro": (
        "<b>These security measures are still missing</b>, in the six topics of DIN SPEC 27076 "
        "(❗ = an obligation at many insurers, ⭐ = a TOP requirement of the DIN SPEC):\n{items}"
    ),
    "measures.line": "• {label}: {why}",
    "measures.line_marked": "{mark} {label}: {why}",
    "measures.services": "Services that many cyber insurers offer help here: {services}.",
    "measures.all_present": (
        "You have all the security measures we asked about: in all six topics of DIN SPEC 27076, "
        "what we asked is in place. Well done!"
    ),
    "summary.disclaimer": (
        "This calculation is a guide, not advice. Your broker will review it with you and obtain "
        "suitable offers."
    ),
    "summary.actions": "How would you like to continue?",
    "summary.use_buttons": "The calculation is complete. Please choose what happens next:",
    "help.summary": (
        "You can talk to your broker, get the result as a PDF report, change an answer (the sum "
        "is then recalculated) or start over."
    ),
    "action.contact": "Talk to the broker",
    "action.report": "PDF report",
    "action.change": "Change an answer",
    "action.restart": "Start over",
    "change.ask": "Which answer would you like to change?",
    "change.option": "{question}: {answer}",
    "change.cancel": "Change nothing",
    # --- measures and services ----------------------------------------------------------
    "measure.updates.label": "Timely security updates",
    "measure.updates.why": "Unpatched vulnerabilities are the most common way in.",
    "measure.antivirus.label": "Antivirus",
    "measure.antivirus.why": "It stops known malware before it encrypts your data.",
    "measure.encryption.label": "Encrypted storage",
    "measure.encryption.why": "A stolen laptop then does not become a data breach.",
    "measure.firewall.label": "Configured firewall",
    "measure.firewall.why": "It keeps out attackers who scan for open services.",
    "measure.backup.label": "Off-site backup",
    "measure.backup.why": (
        "Only regular backups kept outside the company network get you running again quickly "
        "after an attack."
    ),
    "measure.mfa.label": "Multi-factor authentication (MFA)",
    "measure.mfa.why": "A stolen password alone is then no longer enough for an attacker.",
    "measure.emergency_plan.label": "Emergency plan",
    "measure.emergency_plan.why": (
        "In an emergency everyone knows whom to call and which steps follow in which order."
    ),
    "measure.emergency_contact.label": "Emergency number for IT help",
    "measure.emergency_contact.why": "When systems are down, every hour until expert help counts.",
    "measure.training.label": "Staff training",
    "measure.training.why": (
        "Most attacks start with a phishing e-mail; trained staff fall for it less often."
    ),
    "service.emergency_plan": "drawing up an emergency plan",
    "service.training": "cyber training (some insurers lower the deductible afterwards)",
    "service.hotline": "a 24/7 emergency hotline",
    "service.recovery": "specialists who restore systems and close security gaps",
    "service.legal": "legal help with data protection authorities and client claims",
    "service.pr": "crisis PR to protect your reputation",
}
TEXTS.update(
    {
        # --- greeting and hand-over, shared by all adapters ------------------------------
        "welcome": (
            "Hello! I am the automated cyber assistant that {broker} offers you. In about three "
            "minutes we will work out a suitable sum insured for a cyber insurance together. I "
            "only store your answers to make the calculation; unfinished consultations are "
            "deleted after {days} days."
        ),
        "contact.default": "Contact: {broker}, {contact}",
        # --- terminal ---------------------------------------------------------------------
        "terminal.telegram_hint": (
            "No TELEGRAM_BOT_TOKEN set: the consultation runs here in the terminal. "
            "For Telegram, put the token into .env and run “make run” again."
        ),
        "terminal.checklist_hint": "Type numbers to tick or untick (e.g. 1 3 5), Enter for “Done”.",
        "terminal.keep_hint": "Enter keeps the previous answer ({answer}).",
        "terminal.typing_hint": "Type your answer; “back” for the previous question, “help” for an explanation.",
        "terminal.also_typed": "Also possible: {words}",
        "terminal.bye": "The consultation has ended. Goodbye!",
    }
)
TEXTS.update(
    {
        # --- Telegram -----------------------------------------------------------------------
        "tg.privacy_hint": (
            "You are talking to an automated assistant, not a person. What is stored and how to "
            "delete it: /privacy"
        ),
        "tg.privacy": (
            "<b>Privacy</b>\n"
            "This automated assistant works for {broker}. It stores your answers in the "
            "consultation, your Telegram user id and your language setting, to make the "
            "calculation and to let you continue at any time. Unfinished consultations are "
            "deleted after {days} days. If you ask to be contacted and consent, {broker} receives "
            "your name, phone number or e-mail address, your preferred time, your answers and "
            "the result. Messages I pass on after that are deleted {days} days after they were "
            "sent.\n"
            "/mydata shows everything stored; /delete erases it all; /cancel deletes a running "
            "consultation."
        ),
        "tg.cancelled": (
            "The consultation has been cancelled and your answers deleted. Send /start to begin "
            "again at any time."
        ),
        "tg.hint.text_only": "Please answer with text or the buttons; I cannot read pictures, stickers, voice messages or files.",
        "tg.hint.edited": "Editing a message does not change an answer. To correct one, use “◀ Back” or send it again.",
        "tg.hint.unknown_command": "I don't know that command. Try /start, /help, /back, /restart, /cancel, /language, /privacy, /mydata or /delete.",
        "tg.group.redirect": "The consultation takes place in a private chat so that your details stay confidential.",
        "tg.group.button": "Start privately",
        "tg.language.ask": "Which language would you like to use?",
        "tg.language.de": "Deutsch",
        "tg.language.en": "English",
        "tg.command.start": "Start or continue the consultation",
        "tg.command.hilfe": "Help with the current question",
        "tg.command.zurueck": "Back to the previous question",
        "tg.command.neu": "Start over",
        "tg.command.abbrechen": "Cancel and delete your answers",
        "tg.command.sprache": "Change language",
        "tg.command.datenschutz": "What is stored",
        "tg.command.help": "Help with the current question",
        "tg.command.back": "Back to the previous question",
        "tg.command.restart": "Start over",
        "tg.command.cancel": "Cancel and delete your answers",
        "tg.command.language": "Change language",
        "tg.command.privacy": "What is stored",
    }
)
TEXTS.update(
    {
        # --- contact flow and handoff -------------------------------------------------------
        "contact.name.ask": "Happy to put you in touch. How should we address you? Please give your name.",
        "contact.name.use": "✔ {name}",
        "contact.reach.ask": "How can we reach you? Share your phone number with the button below, or type a phone number or e-mail address.",
        "contact.reach.share": "📱 Share my phone number",
        "contact.time.ask": "When is the best time to call you back? Choose, or type e.g. “Tuesday after 2 pm”.",
        "contact.time.morning": "Mornings",
        "contact.time.afternoon": "Afternoons",
        "contact.time.any": "Any time",
        "contact.time.skip": "No preference",
        "contact.consent.ask": (
            "<b>Your consent</b>\n"
            "I will pass your name ({name}), how to reach you ({reach}), your answers and the "
            "result to {broker} so that they can advise you on cyber insurance. You can withdraw "
            "your consent at any time with /delete."
        ),
        "contact.consent.yes": "Yes, {broker} may contact me",
        "contact.consent.no": "No, not now",
        "contact.thanks": (
            "Thank you! Your request is with {broker}, who will get in touch. If you want to add "
            "anything, just write it here; I will pass it on."
        ),
        "contact.declined": "All right, nothing has been passed on. How would you like to continue?",
        "handed_off.info": (
            "Your request is with {broker}. Messages you write here are passed on. /restart "
            "starts a new calculation, /delete erases your data."
        ),
        "contact.help.contact_name": "Your name helps the broker address you properly. First and last name are enough.",
        "contact.help.contact_reach": "A phone number like 0171 2345678 or +49 171 2345678, or an e-mail address like name@company.com.",
        "contact.help.contact_time": "This is optional; it only helps to reach you at a good time.",
        "contact.help.contact_consent": "Nothing is passed on without your consent. You can withdraw it at any time.",
        "contact.error.name_invalid": "That does not look like a name. Please write e.g. “Erika Muster”.",
        "contact.error.name_too_long": "The name is longer than 100 characters. Please shorten it.",
        "contact.error.reach_invalid": "That is neither a phone number nor an e-mail address. Example: 0171 2345678 or name@company.com",
        "contact.error.phone_length": "A phone number has 6 to 15 digits. Example: +49 171 2345678",
        "contact.error.email_invalid": "This e-mail address is incomplete. Example: name@company.com",
        "contact.error.time_empty": "Please give a time or choose “No preference”.",
        "contact.error.time_too_long": "Please keep it shorter (100 characters at most).",
        "hint.not_now": "I don't need that right now. Here is the current question:",
    }
)
TEXTS.update(
    {
        # --- the broker's staff chat ---------------------------------------------------------
        "staff.card.title": "🆕 <b>Lead #{number}</b> · {broker} · campaign: {campaign}",
        "staff.card.person": "👤 <b>{name}</b> ({username})",
        "staff.card.open_chat": '💬 <a href="tg://user?id={user_id}">Open Telegram profile</a>',
        "staff.card.phone": "📞 {phone}",
        "staff.card.email": "✉️ {email}",
        "staff.card.time": "🕑 Best time: {time}",
        "staff.card.result": "💶 Recommended sum insured: <b>{amount}</b> (calculated need {need})",
        "staff.card.answers": "<b>Answers</b>\n{items}",
        "staff.card.missing": "<b>Missing measures by DIN SPEC 27076 topic</b> (❗ obligation, ⭐ TOP requirement)\n{items}",
        "staff.card.created": "Received: {when}",
        "staff.card.claimed": "✋ Claimed by {who}",
        "staff.card.closed": "✅ Closed by {who}",
        "staff.card.erased": "🗑 The person erased their data; this lead holds no personal data any more.",
        "staff.button.claim": "Claim",
        "staff.button.close": "Done",
    }
)
TEXTS.update(
    {
        "contact.reach.noted": "Thank you, noted.",
        "contact.status_info_title": "<b>Initial information from {broker}</b> (the status information required by § 15 VersVermV)",
        "contact.status_info_missing": "The initial information required by law (§ 15 VersVermV) from {broker} has not been stored here yet; you will receive it directly from the broker before any advice.",
        "relay.closed": "Your request has already been closed. /restart starts a new calculation.",
        "relay.from_broker": "💬 <b>Message from {broker}:</b>",
        "staff.relay": "💬 <b>Message about lead #{number}</b> from {name}:",
        "staff.report.caption": "📄 Result report (PDF), request no. {number}",
    }
)
TEXTS.update(
    {
        "tg.mydata.caption": "All data stored about you.",
        "tg.delete.ask": "Do you really want to delete all your data? Your answers and, if you sent a request, your contact details are deleted; the broker will only see that the request was deleted.",
        "tg.delete.yes": "Yes, delete everything",
        "tg.delete.no": "No, keep it",
        "tg.delete.kept": "All right, nothing was deleted.",
        "tg.delete.done": "Your data has been deleted. Send /start to begin again at any time.",
        "tg.command.meinedaten": "My stored data",
        "tg.command.loeschen": "Delete all my data",
        "tg.command.mydata": "My stored data",
        "tg.command.delete": "Delete all my data",
        "staff.toast.claim": "Lead #{number} is now yours.",
        "staff.toast.close": "Lead #{number} is closed.",
        "staff.toast.unchanged": "This lead can no longer be changed here.",
        "staff.link.caption": "Link to share ({broker}):\n{link}\nShare the link or the QR code in e-mails, on the website or on flyers.",
        "staff.link.invalid": "A campaign name may only contain letters, digits and _ (23 characters at most).",
        "staff.stats.title": "<b>Figures</b> (started, finished, contact requested, claimed, closed)",
    }
)
TEXTS.update(
    {
        # --- the inbox and the outbox: delays, given-up updates, paced relays -----------------
        "tg.trouble.wait": (
            "One moment, please: I am having a technical problem. Your message has arrived, and "
            "I will answer as soon as it is solved. There is no need to send it again."
        ),
        "tg.trouble.gave_up": (
            "I am sorry: I could not process your last message. Please send it again. With "
            "/start you see where you are in the consultation."
        ),
        "relay.paced": (
            "✔ Received. You have sent me many messages in a short time; I am passing them on "
            "to {broker} one after another, and none is lost."
        ),
        "staff.card.too_long": (
            "🆕 <b>Lead #{number}</b> · {broker}\nThe full card was too long for one Telegram "
            "message. All details are in the result report (PDF) that follows as a reply to "
            "this message."
        ),
    }
)
TEXTS["tg.hint.own_number"] = "Please share your own number with the button, or type it in."
TEXTS["relay.sent"] = "✔ Passed on to {broker}."
TEXTS.update(
    {
        "staff.stats.broker": "Broker",
        "staff.stats.campaign": "Campaign",
        "staff.stats.started": "Started",
        "staff.stats.finished": "Finished",
        "staff.stats.contact_requested": "Contact",
        "staff.stats.claimed": "Claimed",
        "staff.stats.closed": "Closed",
    }
)
# --- result sheet, report, DIN topics (issues 9, 11) ---
TEXTS.update(
    {
        # The result's headline, table rows and their bases.
        "summary.need": "Calculated need: {need}, rounded up to the next usual sum insured.",
        "summary.need_exact": "Calculated need: {need}; this is already a usual sum insured.",
        "summary.next_step": (
            "<b>Next steps:</b> Discuss the result with your broker. For a complete view of your "
            "IT security, many IT service providers offer the CyberRisikoCheck under "
            "DIN SPEC 27076."
        ),
        "item.raise": "Largest client claim",
        "item.recommended": "Recommendation",
        "item.penalties@at": "Contract penalties",
        "q.penalties.short@at": "Contract penalties",
        "basis.it_restoration": "{share} % of {value} IT value",
        "basis.funds": "funds available at short notice",
        "basis.business_interruption.one": "{monthly} a month × 1 month",
        "basis.business_interruption.other": "{monthly} a month × {n} months",
        "basis.penalties": "possible after an outage",
        "basis.records": "{n} records × {rate}",
        "basis.payment_records": "{n} records × {rate}",
        "basis.surcharge": "{share} % of {subtotal}",
        "basis.raise": "exceeds the total",
        "basis.recommended": "next usual sum insured",
        # Notes on what was assumed.
        "note.client_damage_unknown": (
            "You do not know yet how large a client's claim could be. Check with your broker which "
            "liability caps you have agreed: if a client could claim more than {total}, the sum "
            "insured should rise accordingly."
        ),
        "note.it_liability_unsure": (
            "You do not know yet whether your IT liability insurance covers damage to third "
            "parties. We assumed it does not and included the data records ({items}). Clarify this "
            "with your broker: if it does cover them, the need would be {need} (sum insured {sum})."
        ),
        "note.fidelity": (
            "You want money in your accounts covered. Payments that fraudsters trick your staff "
            "into making (for example with a fake instruction from the managing director), and "
            "money taken by staff themselves, are often covered only by a fidelity (crime) policy "
            "or an expressly agreed extension. Your broker can check this."
        ),
        # The measures by DIN SPEC 27076 topic.
        "topic.organisation": "Organisation &amp; awareness",
        "topic.identity": "Identity &amp; access management",
        "topic.backup": "Data backup",
        "topic.patching": "Patch &amp; change management",
        "topic.malware": "Protection against malware",
        "topic.network": "IT systems &amp; network",
        "measures.topic.open": "\n🔴 <b>{topic}</b>: open\n{items}",
        "measures.topic.partly": "\n🟡 <b>{topic}</b>: partly in place\n{items}",
        "measures.met": "🟢 <b>Already met:</b> {topics}",
        "measures.obligation": (
            "If a measure that the insurer requires as an obligation is missing, the insurer can "
            "reduce what it pays after a claim. Clarify with your broker before signing which "
            "obligations apply."
        ),
        "mark.knockout": "❗",
        "mark.top": "⭐",
        "mark.knockout_top": "❗⭐",
        # „Why these numbers“.
        "why.intro": "<b>{title}</b>\n{items}",
        "why.line": "• {line}",
        "why.title": "Where the figures come from",
        "why.it_restoration": (
            "IT restoration: cleaning up and rebuilding systems after an attack typically costs "
            "about {share} % of their value."
        ),
        "why.funds": "Accounts: attackers can take money available at short notice, so it counts in full.",
        "why.business_interruption": (
            "Business interruption: running costs and lost profit for each month of the outage, "
            "plus possible contract penalties."
        ),
        "why.records": (
            "Personal data: about {rate} per record, a market orientation value for informing "
            "those affected, lawyers and claims."
        ),
        "why.payment_records": (
            "Bank and card data: about {rate} per record you store yourself, also a market "
            "orientation value."
        ),
        "why.surcharge": (
            "Safety margin: {share} % on all items, because no loss can be predicted exactly."
        ),
        "why.client_damage": (
            "Client claim: if a client could claim more than the total, that claim decides."
        ),
        "why.step": (
            "Recommendation: insurers offer sums insured in usual steps (e.g. {examples}); we "
            "round up to the next one."
        ),
        # Austria: the broker's own status information carries its legal reference.
        "contact.status_info_title@at": "<b>Initial information from {broker}</b> (the information about the broker required by law)",
        "contact.status_info_missing@at": "The initial information required by law from {broker} has not been stored here yet; you will receive it directly from the broker before any advice.",
        # The staff card.
        "staff.card.topic.open": "🔴 {topic}: {items}",
        "staff.card.topic.partly": "🟡 {topic}: {items}",
        "staff.card.measure": "{label}",
        "staff.card.measure_marked": "{mark} {label}",
        "staff.card.note": "ℹ️ {note}",
        # The PDF report and the adapters that hand it out.
        "report.caption": "Your result report as a PDF, to file or to forward to your management.",
        "report.filename": "Cyber-insurance-result-report",
        "report.title": "Result report: cyber insurance sum",
        "report.date": "As of {date}",
        "report.prepared_for": "Prepared for: {name}",
        "report.lead": "Request no. {number}",
        "report.recommendation": "Recommended sum insured",
        "report.table.title": "How the sum is made up",
        "report.table.item": "Item",
        "report.table.basis": "Basis",
        "report.table.amount": "Amount",
        "report.chart.title": "Shares of the sum",
        "report.chart.raise": "Raise to the client claim",
        "report.chart.rounding": "Rounding up to a usual sum",
        "report.next.broker": "Discuss the result with {broker}: they give you the advice and suitable offers.",
        "report.next.check": (
            "Have an IT service provider carry out the CyberRisikoCheck under DIN SPEC 27076: it "
            "checks 27 requirements in the six topics, not only the nine asked here."
        ),
        "report.notes.title": "Notes on your answers",
        "report.measures.title": "Security measures by DIN SPEC 27076",
        "report.measures.intro": (
            "DIN SPEC 27076 groups the IT security requirements for small businesses into six "
            "topics. We asked about nine measures that insurers pay particular attention to. "
            "Topics with gaps come first, the most important at the top."
        ),
        "report.measures.topic": "Topic",
        "report.measures.status": "Status",
        "report.measures.missing": "Still missing",
        "report.measures.none": "–",
        "report.status.met": "met",
        "report.status.partly": "partly",
        "report.status.open": "open",
        "report.mark.knockout": "obligation",
        "report.mark.top": "TOP requirement",
        "report.measures.legend": (
            "Obligation: required by the contract at many insurers. TOP requirement: weighted "
            "three times by DIN SPEC 27076."
        ),
        "report.services.title": "Insurer services that help",
        "report.services.intro": (
            "Many cyber insurers do not only pay after a loss but also help before and during one. "
            "The services differ; your broker compares them:"
        ),
        "report.next.title": "Next steps",
        "report.annex.title": "Annex",
        "report.annex.answers": "Your answers",
        "report.annex.question": "Question",
        "report.annex.answer": "Answer",
        "report.annex.formula": "Calculated with the formula as of version {version}.",
        "report.annex.status_info": "The broker's initial information",
        "report.annex.status_info_sent": "Sent on {when}.",
        "report.annex.consent": "Consent to passing the data to {broker} given on {when}.",
        "report.footer": (
            "Prepared automatically from your own answers. Not advice: the advice is given by "
            "{broker}."
        ),
        "report.page": "Page {page} of {pages}",
        "terminal.report_saved": "The result report has been saved: {path}",
        # The CSV export for a German office (Excel).
        "export.column.number": "No.",
        "export.column.created_at": "Received",
        "export.column.broker_code": "Broker code",
        "export.column.broker_name": "Broker",
        "export.column.campaign": "Campaign",
        "export.column.status": "Status",
        "export.column.claimed_by": "Claimed by",
        "export.column.closed_at": "Closed on",
        "export.column.name": "Name",
        "export.column.phone": "Phone",
        "export.column.email": "E-mail",
        "export.column.preferred_time": "Best time",
        "export.column.tier": "Recommended sum insured",
        "export.column.recommended": "Calculated need",
        "export.column.total": "Total",
        "export.column.subtotal": "Subtotal",
        "export.column.surcharge": "Safety margin",
        "export.column.missing": "Missing measures",
        "export.column.topics": "DIN SPEC 27076 topics",
        "export.column.notes": "Notes",
        "export.topic": "{topic}: {status}",
        "export.status.new": "new",
        "export.status.claimed": "claimed",
        "export.status.closed": "closed",
        "export.status.erased": "erased",
    }
)
# --- hardening (issue 10) ---
TEXTS.update(
    {
        "error.too_long": "“{text}” is too long for a number.",
        "input.too_long": "This message is too long for an answer. Please keep it shorter.",
        "noted.answer": "Noted: {answer}.",
        "noted.month": "Noted: {n} month.",
        "noted.months": "Noted: {n} months.",
        "contact.error.phone_too_long": "That is too long for a phone number (30 characters at most). Example: +49 171 2345678",
        "contact.error.email_too_long": "This e-mail address is too long (254 characters at most, 64 before the @). Example: name@company.com",
        "terminal.commands": "Commands: /help explains the question, /back goes to the previous one, /language changes the language, /restart starts over, /cancel ends.",
        "terminal.unknown_command": "There is no such command here. Try /help, /back, /language, /restart or /cancel.",
        "terminal.no_such_option": "{numbers}: not one of the numbers 1 to {last}, so not taken.",
        "terminal.no_handoff": "Here in the terminal the assistant takes no contact details and passes nothing on; please get in touch directly. On Telegram it hands your calculation to the broker's office if you wish.",
        "terminal.q.measures.text": "Which of these security measures do you already have?",
        "terminal.expect.amount_or_unknown": "Please give an amount in euros, e.g. 500,000 or 1.5m, or type “don't know”.",
        "terminal.expect.yes_no": "Please choose “Yes” or “No”: its number or the word.",
        "terminal.expect.yes_no_unsure": "Please choose “Yes”, “No” or “Not sure”: its number or the word.",
        "terminal.expect.checklist": "Type the numbers of the measures you have, then Enter for “Done”.",
        "terminal.error.use_buttons": "Please choose with one of the numbers below the question.",
        "broker.unnamed": "your insurance broker",
        "contact.default_missing": "No contact details of {broker} have been set up here yet.",
        "staff.toast.not_member": "Only members of this team can claim or close leads.",
        "group.not_staff": "👋 This group is not a broker's staff chat yet, so I stay quiet here. Its chat id: <code>{chat_id}</code>\nFor leads to arrive here, the bot's operator registers the group on the server (replace CODE and NAME):\n<code>{command}</code>\nFor the default broker, <code>STAFF_CHAT_ID={chat_id}</code> is enough.",
    }
)
