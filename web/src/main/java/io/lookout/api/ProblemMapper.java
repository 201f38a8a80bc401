package io.lookout.api;

import io.lookout.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A {@link Problem} from the application is answered in the API's error shape with its status. */
@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

    @Override
    public Response toResponse(Problem problem) {
        return ApiErrors.error(problem.status(), problem.describe(), problem.field());
    }
}
