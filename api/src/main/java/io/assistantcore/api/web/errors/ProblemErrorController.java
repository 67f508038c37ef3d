package io.assistantcore.api.web.errors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The error page every {@code sendError} ends on (filters, the servlet container's error dispatch): Problem Details
 * like every other answer, in place of Spring Boot's plain JSON. Written directly, whatever the request accepts.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final StatusProblems problems;

    ProblemErrorController(StatusProblems problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : response.getStatus();
        problems.write(request, response, problems.of(code < 400 ? 500 : code));
    }
}
