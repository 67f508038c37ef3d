package io.assistantcore.ai.lead;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.assistantcore.messages.lead.Budget;
import io.assistantcore.messages.lead.LeadFields;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline field extractor, also the fallback when a provider's answer fails validation: e-mail addresses by
 * pattern, phone numbers with libphonenumber (valid numbers only, written E.164; a number without a country code is
 * read in the region of the e-mail's country domain, else in {@code defaultRegion}), the budget with
 * {@link MoneyParser}, and the name and company from the signature (the lines after a closing such as "Thanks," or
 * "--", or the last short lines that look like "First Last", "First Last, Title, Company" or "First Last |
 * Company").
 */
public final class RuleLeadExtractor {

    static final Pattern EMAIL = Pattern.compile("(?<![\\w.+-])([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*"
            + "\\.[A-Za-z]{2,63})(?![\\w-])");
    private static final Pattern CLOSING = Pattern.compile("(?iu)^(thanks|thank you|best|best regards|regards|kind "
            + "regards|cheers|sincerely|many thanks|br|mit freundlichen grüßen|viele grüße|cordialement|saluti|"
            + "un saluto|--+)\\s*[,!.]?\\s*(.*)$");
    private static final Pattern PERSON = Pattern.compile("^(\\p{Lu}[\\p{L}'’-]+(?:\\s+(?:van|von|de|da|del|der|di|"
            + "le|la|O'|Mc)?\\s*\\p{Lu}[\\p{L}'’-]+){0,2})$");
    private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
            "outlook.com", "live.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me",
            "protonmail.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "orange.fr", "free.fr", "libero.it");
    private static final Set<String> NOT_NAMES = Set.of("Hi", "Hello", "Thanks", "Regards", "Best", "Cheers",
            "Procurement", "Operations", "Support", "Sales", "Team", "Please", "Urgent", "Dear");
    private static final Map<String, String> DOMAIN_REGIONS = Map.of("uk", "GB", "com", "", "org", "", "net", "",
            "io", "", "eu", "", "ai", "", "co", "");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    /** @param defaultRegion ISO 3166 region for numbers without a country code when the e-mail names none */
    public RuleLeadExtractor(String defaultRegion) {
        this.defaultRegion = defaultRegion == null ? "US" : defaultRegion.toUpperCase(Locale.ROOT);
    }

    public LeadFields extract(String text) {
        if (text == null || text.isBlank()) {
            return LeadFields.EMPTY;
        }
        String email = email(text);
        String phone = phone(text, regionOf(email));
        MoneyParser.Found money = MoneyParser.find(text);
        Budget budget = money.budget();
        String[] signature = signature(text);
        String company = signature[1];
        if (company == null && email != null) {
            company = companyFromDomain(email);
        }
        return new LeadFields(signature[0], email, phone, company, budget);
    }

    static String email(String text) {
        Matcher matcher = EMAIL.matcher(text);
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
    }

    String phone(String text, String region) {
        for (PhoneNumberMatch match : phones.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID,
                Long.MAX_VALUE)) {
            return phones.format(match.number(), PhoneNumberFormat.E164);
        }
        if (!region.equals(defaultRegion)) {
            for (PhoneNumberMatch match : phones.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID,
                    Long.MAX_VALUE)) {
                return phones.format(match.number(), PhoneNumberFormat.E164);
            }
        }
        return null;
    }

    /** The region of an e-mail's country domain (.de → DE, .co.uk → GB); the default one for generic domains. */
    String regionOf(String email) {
        if (email == null) {
            return defaultRegion;
        }
        String tld = email.substring(email.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String mapped = DOMAIN_REGIONS.get(tld);
        if (mapped != null) {
            return mapped.isEmpty() ? defaultRegion : mapped;
        }
        String region = tld.toUpperCase(Locale.ROOT);
        return tld.length() == 2 && phones.getSupportedRegions().contains(region) ? region : defaultRegion;
    }

    /** {name, company} from the signature; either may be null. */
    static String[] signature(String text) {
        List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        int from = Math.max(0, lines.size() - 4);
        for (int i = from; i < lines.size(); i++) {
            Matcher closing = CLOSING.matcher(lines.get(i));
            if (closing.matches()) {
                String rest = closing.group(2).strip();
                if (!rest.isEmpty()) {
                    String[] found = personLine(rest);
                    if (found[0] != null) {
                        return found;
                    }
                }
                if (i + 1 < lines.size()) {
                    String[] found = personLine(lines.get(i + 1));
                    if (found[0] != null && found[1] == null && i + 2 < lines.size()) {
                        found[1] = companyOfTitleLine(lines.get(i + 2));
                    }
                    if (found[0] != null) {
                        return found;
                    }
                }
            }
        }
        // no closing word: one of the last two lines may be the signature
        for (int i = lines.size() - 1; i >= Math.max(1, lines.size() - 2); i--) {
            String[] found = personLine(lines.get(i));
            if (found[0] != null) {
                if (found[1] == null && i + 1 < lines.size()) {
                    found[1] = companyOfTitleLine(lines.get(i + 1));
                }
                return found;
            }
        }
        return new String[]{null, null};
    }

    /** "First Last", "First Last, Title, Company", "First Last | Company", "-- First Last, Company". */
    private static String[] personLine(String line) {
        String cleaned = line.replaceFirst("^-+\\s*", "").strip();
        if (cleaned.length() > 120) {
            return new String[]{null, null};
        }
        String[] parts = cleaned.split("\\s*[,|]\\s*");
        String name = parts[0].strip();
        if (!PERSON.matcher(name).matches() || NOT_NAMES.contains(name.split("\\s+")[0])) {
            return new String[]{null, null};
        }
        String company = parts.length > 1 ? parts[parts.length - 1].strip() : null;
        if (company != null && (company.isEmpty() || company.length() > 80
                || company.matches("(?iu).*\\b(manager|director|head|officer|ceo|cfo|cto|founder|lead)\\b.*"))) {
            company = parts.length > 2 ? parts[parts.length - 1].strip() : null;
            if (company != null && company.matches("(?iu).*\\b(manager|director|head|officer|ceo|cfo|cto|founder|lead)\\b.*")) {
                company = null;
            }
        }
        return new String[]{name, company};
    }

    /** "Head of CS, Initech" → Initech. */
    private static String companyOfTitleLine(String line) {
        String[] parts = line.split("\\s*[,|]\\s*");
        if (parts.length >= 2 && parts[parts.length - 1].length() <= 80) {
            return parts[parts.length - 1].strip();
        }
        return null;
    }

    /** The company a business e-mail's domain names ("jane@initech.com" → "Initech"); null for free mail. */
    static String companyFromDomain(String email) {
        String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (FREE_MAIL.contains(domain)) {
            return null;
        }
        String[] labels = domain.split("\\.");
        if (labels.length < 2) {
            return null;
        }
        String label = labels[labels.length - 2];
        if ((label.equals("co") || label.equals("com")) && labels.length >= 3) {
            label = labels[labels.length - 3];
        }
        return label.isEmpty() ? null : Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /** Whether an e-mail is on a company's own domain (not a free mail provider). */
    public static boolean businessDomain(String email) {
        if (email == null || email.indexOf('@') < 0) {
            return false;
        }
        return !FREE_MAIL.contains(email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT));
    }
}
