package io.assistantcore.ai.chat.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Long, real-looking messages for the router evaluation: a request followed by a pasted document (a contract, a
 * meeting transcript, an application log, an e-mail thread, a source file, survey comments, a report, a story
 * draft). Built from sentence pools with a fixed seed, so every run sees the same texts.
 */
final class LongMessages {

    private LongMessages() {
    }

    /** Eight messages, each with at least {@code minChars} characters of pasted material. */
    static List<String> build(int minChars) {
        Random random = new Random(20240611L);
        List<String> messages = new ArrayList<>();
        messages.add("Please review this supplier agreement and list every clause about termination and notice "
                + "periods.\n\n" + fill(minChars, random, LongMessages::contractClause));
        messages.add("Below is the transcript of yesterday's steering committee call. Summarize the decisions and "
                + "the open action items with owners.\n\n" + fill(minChars, random, LongMessages::transcriptLine));
        messages.add("Our nightly import failed. Here is the complete log, can you find the first real error and "
                + "what caused it?\n\n" + fill(minChars, random, LongMessages::logLine));
        messages.add("I'm pasting the whole email thread with the customer below. Who promised what, and by when?"
                + "\n\n" + fill(minChars, random, LongMessages::emailMessage));
        messages.add("Find the bug in this class, it sometimes books the same slot twice:\n\n"
                + fill(minChars, random, LongMessages::javaMethod));
        messages.add("Here are all the free-text answers from our customer survey. Group them into themes and "
                + "tell me what to fix first.\n\n" + fill(minChars, random, LongMessages::surveyComment));
        messages.add("Summarize this quarterly operations report for the board, one paragraph per section.\n\n"
                + fill(minChars, random, LongMessages::reportParagraph));
        messages.add("Give me honest feedback on the pacing of my short story draft:\n\n"
                + fill(minChars, random, LongMessages::storyParagraph));
        return messages;
    }

    private static String fill(int minChars, Random random, Function<Integer, String> part) {
        StringBuilder text = new StringBuilder();
        int number = 1;
        Random local = new Random(random.nextLong());
        while (text.length() < minChars) {
            text.append(part.apply(number++ * 7919 + local.nextInt(1000))).append("\n\n");
        }
        return text.toString();
    }

    private static String pick(int seed, String... options) {
        return options[Math.floorMod(seed, options.length)];
    }

    private static String contractClause(int n) {
        int section = n % 40 + 1;
        return section + "." + (n % 9 + 1) + " " + pick(n, "The Supplier shall deliver the Goods",
                "The Customer may terminate this Agreement", "Either Party may suspend performance",
                "The Supplier warrants that the Services", "Invoices shall be paid")
                + " " + pick(n / 3, "within thirty (30) days of receipt of a written notice",
                "in accordance with the specifications set out in Schedule 2",
                "provided that the other Party has been given reasonable opportunity to remedy the breach",
                "subject to the limitations of liability in clause 14",
                "at the prices stated in the then-current price list")
                + ". " + pick(n / 7, "Any notice under this clause shall be in writing and delivered by hand or "
                        + "registered mail to the address stated in the preamble.",
                "Nothing in this clause shall limit the rights of the Customer under applicable law.",
                "The obligations in this clause survive the termination or expiry of this Agreement.",
                "Where the Supplier fails to meet a delivery date, the Customer is entitled to a credit of 0.5% "
                        + "of the order value per day of delay, capped at 10%.",
                "The Parties shall first attempt to resolve any dispute through good-faith negotiation between "
                        + "senior representatives.");
    }

    private static String transcriptLine(int n) {
        return pick(n, "Maria (Finance)", "Tom (Operations)", "Priya (IT)", "Jonas (Sales)", "Chair") + ": "
                + pick(n / 5, "Okay, next item is the warehouse consolidation.",
                "I think we agreed last time to wait for the updated forecast before committing.",
                "The vendor came back with a revised quote, roughly eight percent lower than before.",
                "From the IT side the migration is on track, but we still need sign-off on the cut-over weekend.",
                "Sales numbers for the region are slightly below plan, mostly because two large deals slipped.",
                "Can we take that offline? I don't want to run over time again.",
                "Let's make that an action item: Tom to confirm the staffing plan by the end of next week.",
                "Just to be clear, the budget freeze does not apply to safety-related maintenance.")
                + " " + pick(n / 11, "", "Any objections?", "I'll send the numbers around after the call.",
                "That's fine with me.", "We should document that decision in the minutes.");
    }

    private static String logLine(int n) {
        int second = n % 60;
        int minute = n / 60 % 60;
        return String.format("2024-06-11T02:%02d:%02d.%03dZ %s [import-worker-%d] %s", minute, second, n % 1000,
                pick(n, "INFO ", "INFO ", "DEBUG", "WARN ", "INFO "), n % 4 + 1,
                pick(n / 3, "Fetched batch " + n % 500 + " of customer records (250 rows)",
                        "Upserted 250 rows into staging.customers in " + (n % 900 + 40) + " ms",
                        "Connection pool stats: active=" + n % 8 + " idle=" + (8 - n % 8) + " waiting=0",
                        "Retrying request to pricing service (attempt " + (n % 3 + 1) + "/3)",
                        "Skipped record with missing country code, customer id " + (100000 + n % 90000),
                        "Checkpoint written: offset=" + n * 250));
    }

    private static String emailMessage(int n) {
        return "From: " + pick(n, "Sarah Klein <s.klein@customer.example>", "Daniel Ortiz <d.ortiz@ourco.example>",
                "Support Team <support@ourco.example>") + "\nSubject: Re: Delivery schedule for the spring order\n\n"
                + pick(n / 3, "Hi Daniel, thanks for the update. Could you confirm whether the second pallet "
                        + "ships with the first one or separately?",
                "Hi Sarah, we can ship both pallets together on the 14th if the customs paperwork is ready by "
                        + "Monday. I will check with our logistics partner.",
                "Hello, just following up on the open invoice from last month; our finance team has not received "
                        + "the corrected version yet.",
                "Apologies for the delay. The corrected invoice is attached, and we have added the discount we "
                        + "agreed on the phone.",
                "Thanks, that works for us. Please make sure the delivery note lists the purchase order number.")
                + "\n\nBest regards";
    }

    private static String javaMethod(int n) {
        int id = n % 997;
        return "    /** Reserves a slot for the given resource; returns false when it is taken. */\n"
                + "    public boolean reserve" + id + "(String resourceId, LocalDateTime start, Duration length) {\n"
                + "        List<Booking> existing = repository.findByResource(resourceId);\n"
                + "        for (Booking booking : existing) {\n"
                + "            if (booking.start().isBefore(start.plus(length)) && booking.end().isAfter(start)) {\n"
                + "                log.debug(\"Slot taken for resource {}\", resourceId);\n"
                + "                return false;\n"
                + "            }\n"
                + "        }\n"
                + "        Booking booking = new Booking(UUID.randomUUID(), resourceId, start, start.plus(length));\n"
                + "        repository.save(booking);\n"
                + "        metrics.counter(\"bookings.created\").increment();\n"
                + "        return true;\n"
                + "    }";
    }

    private static String surveyComment(int n) {
        return "- " + pick(n, "The checkout was quick but delivery took almost two weeks.",
                "Customer service was friendly and solved my problem on the first call.",
                "The app logs me out every few days, which is really annoying.",
                "Prices went up again and I did not get any notice about it.",
                "I love the new packaging, much less plastic than before.",
                "The invoice PDF is hard to read on a phone.",
                "Tracking information was wrong twice; the parcel showed as delivered when it wasn't.",
                "Great product quality, I recommend it to my colleagues.",
                "I could not find how to change my delivery address after ordering.")
                + pick(n / 9, "", " Otherwise fine.", " Please fix this.", " Thanks!", " Would order again.");
    }

    private static String reportParagraph(int n) {
        return pick(n, "Warehouse operations.", "Customer service.", "Procurement.", "Fleet and logistics.",
                "Health and safety.") + " " + pick(n / 5,
                "Throughput increased by 6% compared with the previous quarter, driven mainly by the new picking "
                        + "routes introduced in April.",
                "Average handling time fell from 7.4 to 6.8 minutes while first-contact resolution stayed stable "
                        + "at 81%.",
                "Two framework agreements were renegotiated, saving an estimated 140,000 a year from July onward.",
                "Fuel costs rose 9% due to higher prices, partly offset by better route planning and fewer empty "
                        + "kilometres.",
                "There were three minor incidents and no lost-time injuries; all incidents were investigated and "
                        + "closed.")
                + " " + pick(n / 13, "Further details are provided in the appendix.",
                "Management expects the trend to continue next quarter.",
                "The team will present a detailed plan at the next review.",
                "Risks are considered moderate and are being monitored monthly.");
    }

    private static String storyParagraph(int n) {
        return pick(n, "The rain had not stopped for three days when Elena finally opened the letter.",
                "Her brother used to say that the harbour smelled of diesel and old promises.",
                "She walked the length of the pier twice before she admitted she was waiting for someone.",
                "Inside the café, the radio played a song she had not heard since school.",
                "The stranger at the counter ordered tea and paid with a coin from a country that no longer "
                        + "existed.",
                "By evening the fog had swallowed the lighthouse, and with it her last excuse to leave.")
                + " " + pick(n / 6, "Nobody noticed her hands were shaking.",
                "The clock above the door was ten minutes fast, as always.",
                "Somewhere behind the warehouses a dog barked and then went quiet.",
                "She told herself it did not matter, and almost believed it.",
                "The gulls circled lower, as if they knew something she did not.");
    }
}
