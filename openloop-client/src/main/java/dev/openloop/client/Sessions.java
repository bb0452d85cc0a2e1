package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.session.CreateSessionResponse;
import dev.openloop.api.session.SessionResponse;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /sessions}: logs grouped together, e.g. the turns of one conversation. A chat or a log
 * joins a session by its {@code session_id}, or by a {@code session_reference_id} of the caller's
 * own, which creates the session on first use.
 */
public final class Sessions {
    private static final JavaType CREATED = Types.of(CreateSessionResponse.class);
    private static final JavaType SESSION = Types.of(SessionResponse.class);
    private static final JavaType SESSION_PAGE = Types.pageOf(SessionResponse.class);

    private final Transport transport;

    Sessions(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /sessions}: a new, empty session.
     *
     * @return the answer
     */
    public ApiResponse<CreateSessionResponse> create() {
        return create(RequestOptions.none());
    }

    /**
     * {@link #create()} with settings of its own for this call.
     *
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<CreateSessionResponse> create(RequestOptions options) {
        return transport.send(new ApiRequest("POST", "/sessions", Map.of(), null), CREATED, options);
    }

    /**
     * {@code GET /sessions/{id}}.
     *
     * @param sessionId the session's id, {@code sesh_…}
     * @return the answer
     */
    public ApiResponse<SessionResponse> get(String sessionId) {
        return get(sessionId, RequestOptions.none());
    }

    /**
     * {@link #get(String)} with settings of its own for this call.
     *
     * @param sessionId the session's id, {@code sesh_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<SessionResponse> get(String sessionId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/sessions/{}", sessionId)), SESSION, options);
    }

    /**
     * {@code GET /sessions?project_id}: the first page of the project's sessions, 10 per page.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<SessionResponse> list(String projectId) {
        return list(SessionListParams.of(projectId));
    }

    /**
     * {@code GET /sessions?project_id&page&size}: a page of the project's sessions; pages count from 1.
     *
     * @param params the parameters of the call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<SessionResponse> list(SessionListParams params) {
        return list(params, RequestOptions.none());
    }

    /**
     * {@link #list(SessionListParams)} with settings of its own for this call and the pages after it.
     *
     * @param params the parameters of the call
     * @param options timeout, retries and headers of this call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<SessionResponse> list(SessionListParams params, RequestOptions options) {
        Objects.requireNonNull(params, "params");
        ApiResponse<PaginatedData<SessionResponse>> response = transport.send(ApiRequest.get("/sessions", params.query()),
                SESSION_PAGE, options);
        return new Page<>(response, 1, page -> list(params.withPage(page), options));
    }
}
