package dev.rustmq.admin;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import java.util.Optional;

/**
 * A metadata change reached a controller that is not the active one. It names the active
 * controller and, when known, its admin address, so the REST API can redirect the request there
 * (307, same method and body) and a person reading the error knows where to go.
 */
public final class NotControllerException extends RustMqException {
    private final String activeId;
    private final String activeAdminEndpoint;

    public NotControllerException(String localId, String activeId, String activeAdminEndpoint) {
        super(ErrorCode.NOT_CONTROLLER, "controller " + localId + " is a standby; metadata changes go to the active "
                + "controller " + activeId + (activeAdminEndpoint == null ? "" : " (admin API at " + activeAdminEndpoint + ")"));
        this.activeId = activeId;
        this.activeAdminEndpoint = activeAdminEndpoint;
    }

    public String activeId() {
        return activeId;
    }

    /** The active controller's admin address ({@code host:port}); empty when it has not announced one. */
    public Optional<String> activeAdminEndpoint() {
        return Optional.ofNullable(activeAdminEndpoint);
    }
}
