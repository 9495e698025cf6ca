package dev.rustmq.api;

import dev.rustmq.errors.RustMqException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Errors with a RustMQ code keep their code and message. */
@Provider
public class RustMqExceptionMapper implements ExceptionMapper<RustMqException> {
    @Override
    public Response toResponse(RustMqException e) {
        return ApiErrors.response(e.code(), e.getMessage());
    }
}
