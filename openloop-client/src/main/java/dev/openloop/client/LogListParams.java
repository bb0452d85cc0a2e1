package dev.openloop.client;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /logs} lists: a project's logs, newest first; a field left {@code null} takes
 * the server's default.
 *
 * @param projectId the project ({@code pr_…}); required
 * @param search only logs whose inputs or output contain this, ignoring case
 * @param startDate only logs made on this day or later (UTC)
 * @param endDate only logs made on this day or earlier (UTC)
 * @param page the page, from 0; 0 by default
 * @param size logs per page; 50 by default
 */
public record LogListParams(String projectId, String search, LocalDate startDate, LocalDate endDate, Integer page,
        Integer size) {

    /**
     * Checks that the required project is given.
     *
     * @throws NullPointerException when {@code projectId} is null
     */
    public LogListParams {
        Objects.requireNonNull(projectId, "projectId");
    }

    /** A builder for the logs of project {@code projectId}. */
    public static Builder builder(String projectId) {
        return new Builder(projectId);
    }

    /** The same parameters for another page. */
    public LogListParams withPage(int newPage) {
        return new LogListParams(projectId, search, startDate, endDate, newPage, size);
    }

    Map<String, List<String>> query() {
        return new Query()
                .add("project_id", projectId)
                .add("search", search)
                .add("start_date", startDate)
                .add("end_date", endDate)
                .add("page", page)
                .add("size", size)
                .toMap();
    }

    /** Builds {@link LogListParams}. */
    public static final class Builder {
        private final String projectId;
        private String search;
        private LocalDate startDate;
        private LocalDate endDate;
        private Integer page;
        private Integer size;

        private Builder(String projectId) {
            this.projectId = Objects.requireNonNull(projectId, "projectId");
        }

        /** See {@link LogListParams#search()}. */
        public Builder search(String value) { search = value; return this; }
        /** See {@link LogListParams#startDate()}. */
        public Builder startDate(LocalDate value) { startDate = value; return this; }
        /** See {@link LogListParams#endDate()}. */
        public Builder endDate(LocalDate value) { endDate = value; return this; }
        /** See {@link LogListParams#page()}. */
        public Builder page(Integer value) { page = value; return this; }
        /** See {@link LogListParams#size()}. */
        public Builder size(Integer value) { size = value; return this; }

        /** The parameters. */
        public LogListParams build() {
            return new LogListParams(projectId, search, startDate, endDate, page, size);
        }
    }
}
