package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> WAL_KEYS = ConfigSchema.namesIn("wal");

    @Test
    void nearMissesFindTheIntendedKey() {
        assertThat(Suggestions.closest("fsync_on_wrte", WAL_KEYS)).contains("fsync_on_write");
        assertThat(Suggestions.closest("fsync-on-write", WAL_KEYS)).contains("fsync_on_write");
        assertThat(Suggestions.closest("pth", WAL_KEYS)).contains("path");
    }

    @Test
    void unrelatedNamesGetNoSuggestion() {
        assertThat(Suggestions.closest("colour", WAL_KEYS)).isEmpty();
        assertThat(Suggestions.closest("anything", List.of())).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(Suggestions.distance("", "")).isZero();
        assertThat(Suggestions.distance("abc", "")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("flaw", "lawn")).isEqualTo(2);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
