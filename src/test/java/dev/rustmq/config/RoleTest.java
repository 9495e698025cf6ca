package dev.rustmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleTest {
    @ParameterizedTest
    @CsvSource({"broker,BROKER", "Controller,CONTROLLER", "COMBINED,COMBINED", "' combined ',COMBINED"})
    void parsesCaseInsensitively(String text, Role expected) {
        assertThat(Role.parse(text, "test")).isEqualTo(expected);
    }

    @Test
    void unsetOrBlankMeansCombined() {
        assertThat(Role.parse(null, "test")).isEqualTo(Role.COMBINED);
        assertThat(Role.parse(" ", "test")).isEqualTo(Role.COMBINED);
    }

    @Test
    void unknownRoleNamesTheKeyAndOrigin() {
        assertThatThrownBy(() -> Role.parse("leader", "environment variable RUSTMQ_ROLE"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value for rustmq.role (from environment variable RUSTMQ_ROLE): \"leader\" is not "
                        + "one of broker, controller, combined");
    }

    @Test
    void whatEachRoleRuns() {
        assertThat(Role.BROKER.runsBroker()).isTrue();
        assertThat(Role.BROKER.runsController()).isFalse();
        assertThat(Role.CONTROLLER.runsBroker()).isFalse();
        assertThat(Role.CONTROLLER.runsController()).isTrue();
        assertThat(Role.COMBINED.runsBroker()).isTrue();
        assertThat(Role.COMBINED.runsController()).isTrue();
    }

    @Test
    void printsLowerCaseAndRoundTrips() {
        for (Role role : Role.values()) {
            assertThat(role.toString()).isLowerCase();
            assertThat(Role.parse(role.toString(), "test")).isEqualTo(role);
        }
    }
}
