package dev.rustmq.api;

import dev.rustmq.errors.ErrorCode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything unforeseen: logged with a reference the caller gets, so the two can be matched up. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Exception e) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "admin API request failed, reference " + reference, e);
        return ApiErrors.response(ErrorCode.INTERNAL_ERROR, "internal error, reference " + reference
                + "; the server log has the details");
    }
}
