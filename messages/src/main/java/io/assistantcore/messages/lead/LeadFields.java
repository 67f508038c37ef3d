package io.assistantcore.messages.lead;

import io.assistantcore.messages.privacy.PersonalData;

/**
 * The fields of a lead. Every one may be null (not known). Names, e-mail addresses, phone numbers and company names
 * are personal data: encrypted in stored events with the lead's own key (crypto-shredding).
 */
public record LeadFields(@PersonalData String name, @PersonalData String email, @PersonalData String phone,
                         @PersonalData String company, Budget budget) {

    public static final LeadFields EMPTY = new LeadFields(null, null, null, null, null);

    /** This record with every field {@code other} knows put over it. */
    public LeadFields overriddenBy(LeadFields other) {
        if (other == null) {
            return this;
        }
        return new LeadFields(other.name != null ? other.name : name, other.email != null ? other.email : email,
                other.phone != null ? other.phone : phone, other.company != null ? other.company : company,
                other.budget != null ? other.budget : budget);
    }

    /** How many of the five fields are known. */
    public int known() {
        int n = 0;
        for (Object value : new Object[]{name, email, phone, company, budget}) {
            if (value != null) {
                n++;
            }
        }
        return n;
    }
}
