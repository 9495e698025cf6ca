package dev.rustmq.api;

import dev.rustmq.errors.ErrorCode;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own errors (no such path, wrong method or media type) in the API's JSON shape. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> ApiErrors.response(ErrorCode.NOT_FOUND, "no such resource; the admin API lives under /api/v1");
            case 405 -> ApiErrors.response(ErrorCode.METHOD_NOT_ALLOWED, "this method is not allowed on this resource");
            case 415 -> ApiErrors.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the body as JSON with the header Content-Type: application/json");
            default -> status >= 500
                    ? ApiErrors.response(ErrorCode.INTERNAL_ERROR, "internal error; see the server log")
                    : Response.fromResponse(ApiErrors.response(ErrorCode.INVALID_REQUEST,
                            e.getResponse().getStatusInfo().getReasonPhrase())).status(status).build();
        };
    }
}
