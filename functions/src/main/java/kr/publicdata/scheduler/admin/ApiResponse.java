package kr.publicdata.scheduler.admin;

import java.util.Map;

/** A route's answer: the HTTP status and the JSON body. Errors carry {@code {"message": ...}}. */
record ApiResponse(int status, Object body) {

    static ApiResponse error(int status, String message) {
        return new ApiResponse(status, Map.of("message", message));
    }
}
