package io.assistantcore.command;

import io.assistantcore.messages.common.CommandRejectedException;
import io.assistantcore.messages.common.CommandRejectedException.Kind;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a command refused with a given kind and code, for the aggregate fixtures' {@code expectException}. */
public final class Rejections {

    private Rejections() {
    }

    public static Matcher<Throwable> rejected(Kind kind, String code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item) {
                return item instanceof CommandRejectedException rejection
                        && rejection.kind() == kind && rejection.code().equals(code);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("rejection " + kind + "/" + code);
            }
        };
    }
}
