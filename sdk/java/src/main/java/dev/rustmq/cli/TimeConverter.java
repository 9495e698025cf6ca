package dev.rustmq.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time given as milliseconds since the epoch or as an ISO-8601 instant; to epoch ms. */
final class TimeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return Long.parseLong(value);
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a time: give milliseconds since the epoch "
                    + "or an ISO-8601 instant such as 2026-11-26T08:00:00Z");
        }
    }
}
