package dev.openloop.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.log.CreateLogResponse;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.log.LogResponse;
import dev.openloop.api.log.UpdateLogRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code /logs}: the record of each generation. Every chat call makes one log per sample (its
 * {@code data[i].id}); {@link #log} records generations run elsewhere.
 */
public final class Logs {
    private static final JavaType CREATED = Types.of(CreateLogResponse.class);
    private static final JavaType CREATED_LIST = Types.listOf(CreateLogResponse.class);
    private static final JavaType LOG = Types.of(LogResponse.class);
    private static final JavaType LOG_PAGE = Types.pageOf(LogResponse.class);

    private final Transport transport;

    Logs(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /logs}: records a generation run outside OpenLoop, e.g. with a config drawn by
     * {@link Experiments#sample} (give its {@code trial_id}).
     *
     * @throws ConflictException when a log has the request's {@code reference_id}
     * @param request the request
     * @return the answer
     */
    public ApiResponse<CreateLogResponse> log(LogRequest request) {
        return log(request, RequestOptions.none());
    }

    /**
     * {@link #log(LogRequest)} with settings of its own for this call.
     *
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<CreateLogResponse> log(LogRequest request, RequestOptions options) {
        return transport.send(ApiRequest.post("/logs", Objects.requireNonNull(request, "request")), CREATED, options);
    }

    /**
     * {@code POST /logs} with a list: records several generations at once, all or none; the
     * answer lists the new logs in the same order.
     *
     * @param requests the requests, sent in one call
     * @return the answer
     */
    public ApiResponse<List<CreateLogResponse>> log(List<LogRequest> requests) {
        return log(requests, RequestOptions.none());
    }

    /**
     * {@link #log(List)} with settings of its own for this call.
     *
     * @param requests the requests, sent in one call
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<List<CreateLogResponse>> log(List<LogRequest> requests, RequestOptions options) {
        return transport.send(ApiRequest.post("/logs", List.copyOf(Objects.requireNonNull(requests, "requests"))),
                CREATED_LIST, options);
    }

    /**
     * {@code GET /logs?project_id}: the first page of the project's logs, newest first, 50 per page.
     *
     * @param projectId the project's id, {@code pr_…}
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<LogResponse> list(String projectId) {
        return list(LogListParams.of(projectId));
    }

    /**
     * {@code GET /logs?project_id&search&start_date&end_date&page&size}: a page of the project's logs, newest first.
     *
     * @param params the parameters of the call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<LogResponse> list(LogListParams params) {
        return list(params, RequestOptions.none());
    }

    /**
     * {@link #list(LogListParams)} with settings of its own for this call and the pages after it.
     *
     * @param params the parameters of the call
     * @param options timeout, retries and headers of this call
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<LogResponse> list(LogListParams params, RequestOptions options) {
        Objects.requireNonNull(params, "params");
        ApiResponse<PaginatedData<LogResponse>> response = transport.send(ApiRequest.get("/logs", params.query()), LOG_PAGE,
                options);
        return new Page<>(response, 0, page -> list(params.withPage(page), options));
    }

    /**
     * {@code GET /logs/{id}}: a log with what it was asked, answered, and its feedback.
     *
     * @param logId the log's id, {@code data_…}
     * @return the answer
     */
    public ApiResponse<LogResponse> get(String logId) {
        return get(logId, RequestOptions.none());
    }

    /**
     * {@link #get(String)} with settings of its own for this call.
     *
     * @param logId the log's id, {@code data_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<LogResponse> get(String logId, RequestOptions options) {
        return transport.send(ApiRequest.get(ApiRequest.path("/logs/{}", logId)), LOG, options);
    }

    /**
     * {@code PATCH /logs/{id}}: fills in or corrects its output, error or duration; fields left unset stay as they are.
     *
     * @param logId the log's id, {@code data_…}
     * @param request the request
     * @return the answer
     */
    public ApiResponse<LogResponse> update(String logId, UpdateLogRequest request) {
        return update(logId, request, RequestOptions.none());
    }

    /**
     * {@link #update(String, UpdateLogRequest)} with settings of its own for this call.
     *
     * @param logId the log's id, {@code data_…}
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<LogResponse> update(String logId, UpdateLogRequest request, RequestOptions options) {
        return transport.send(ApiRequest.patch(ApiRequest.path("/logs/{}", logId),
                Objects.requireNonNull(request, "request")), LOG, options);
    }

    /**
     * {@code PATCH /logs?reference_id}: {@link #update} for the log made with this
     * {@code reference_id}.
     *
     * @throws NotFoundException when no log has it
     * @param referenceId the caller's own id of the log
     * @param request the request
     * @return the answer
     */
    public ApiResponse<LogResponse> updateByRef(String referenceId, UpdateLogRequest request) {
        return updateByRef(referenceId, request, RequestOptions.none());
    }

    /**
     * {@link #updateByRef(String, UpdateLogRequest)} with settings of its own for this call.
     *
     * @param referenceId the caller's own id of the log
     * @param request the request
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<LogResponse> updateByRef(String referenceId, UpdateLogRequest request, RequestOptions options) {
        if (referenceId == null || referenceId.isBlank()) {
            throw new IllegalArgumentException("referenceId must not be null or blank");
        }
        ApiRequest patch = ApiRequest.patch("/logs", Objects.requireNonNull(request, "request"))
                .withQuery(new Query().add("reference_id", referenceId).toMap());
        return transport.send(patch, LOG, options);
    }

    /**
     * {@code DELETE /logs?id=…&id=…}: deletes these logs; ids that name no log are passed over. Answered 204.
     *
     * @param logIds the logs' ids, {@code data_…}
     * @return the answer
     */
    public ApiResponse<Void> delete(String... logIds) {
        return delete(Arrays.asList(logIds));
    }

    /**
     * {@code DELETE /logs?id=…&id=…}: see {@link #delete(String...)}.
     *
     * @param logIds the logs' ids, {@code data_…}
     * @return the answer
     */
    public ApiResponse<Void> delete(List<String> logIds) {
        return delete(logIds, RequestOptions.none());
    }

    /**
     * {@link #delete(List)} with settings of its own for this call.
     *
     * @param logIds the logs' ids, {@code data_…}
     * @param options timeout, retries and headers of this call
     * @return the answer
     */
    public ApiResponse<Void> delete(List<String> logIds, RequestOptions options) {
        Objects.requireNonNull(logIds, "logIds");
        if (logIds.isEmpty() || logIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new IllegalArgumentException("Give at least one log id, none of them null or blank");
        }
        return transport.send(ApiRequest.delete("/logs", new Query().addEach("id", logIds).toMap()), Types.VOID, options);
    }
}
