package dev.openloop.client;

import dev.openloop.api.common.PaginatedData;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One page of a paged list ({@code {records, page, size, total}} on the wire), which knows how to
 * fetch the pages after it.
 *
 * <pre>{@code
 * Page<LogResponse> first = humanloop.logs().list(LogListParams.builder().projectId(projectId).size(100).build());
 * for (LogResponse log : first.autoPager()) {   // every log of the project, 100 per request
 *     System.out.println(log.id() + ": " + log.output());
 * }
 * }</pre>
 *
 * <p>Pages are fetched lazily, one request each, with the parameters (and {@link RequestOptions})
 * of the first; a failed fetch throws its {@link HumanloopException} from {@link #next()} or from
 * the iterator. Items added or deleted while paging shift what later pages hold, as with any
 * offset paging.
 *
 * @param <T> the item type
 */
public final class Page<T> {
    private final ApiResponse<PaginatedData<T>> response;
    private final int firstPage;
    private final IntFunction<Page<T>> fetch;

    /**
     * @param response the answer of this page
     * @param firstPage the number of the list's first page: 0 for most lists, 1 for sessions
     * @param fetch fetches the page with the given number, with the same parameters
     */
    Page(ApiResponse<PaginatedData<T>> response, int firstPage, IntFunction<Page<T>> fetch) {
        this.response = Objects.requireNonNull(response, "response");
        this.firstPage = firstPage;
        this.fetch = fetch;
    }

    /**
     * The items of this page; empty past the last page.
     *
     * @return the items of this page; empty past the last page
     */
    public List<T> items() {
        List<T> records = response.body().records();
        return records == null ? List.of() : records;
    }

    /**
     * This page's number, as the endpoint counts them (from 0, or from 1 for sessions).
     *
     * @return this page's number, as the endpoint counts them (from 0, or from 1 for sessions)
     */
    public int page() {
        return response.body().page();
    }

    /**
     * The page size the server used.
     *
     * @return the page size the server used
     */
    public int size() {
        return response.body().size();
    }

    /**
     * How many items the list has in all its pages.
     *
     * @return how many items the list has in all its pages
     */
    public long total() {
        return response.body().total();
    }

    /**
     * This page's answer: the typed body, the raw JSON, status, headers and round trip time.
     *
     * @return the answer
     */
    public ApiResponse<PaginatedData<T>> response() {
        return response;
    }

    /**
     * Whether a page follows this one: the pages up to this one hold fewer than {@link #total()}
     * items. An empty page has none after it, so a server whose total is off cannot make a loop
     * run forever.
     *
     * @return whether a page follows this one
     */
    public boolean hasNext() {
        if (items().isEmpty()) {
            return false;
        }
        long pagesSoFar = (long) page() - firstPage + 1;
        long perPage = size() > 0 ? size() : items().size();
        return pagesSoFar * perPage < total();
    }

    /**
     * Fetches the next page.
     *
     * @throws NoSuchElementException when {@link #hasNext()} is false
     * @return the page; its {@code autoPager()} goes on to the following ones
     */
    public Page<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Page " + page() + " is the last one (" + total() + " items, "
                    + size() + " per page)");
        }
        return fetch.apply(page() + 1);
    }

    /**
     * This page and the ones after it, each fetched when the iteration reaches it.
     *
     * @return this page and the ones after it, each fetched when the iteration reaches it
     */
    public Iterable<Page<T>> pages() {
        return () -> new Iterator<>() {
            private Page<T> last;

            @Override
            public boolean hasNext() {
                return last == null || last.hasNext();
            }

            @Override
            public Page<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = last == null ? Page.this : last.next();
                return last;
            }
        };
    }

    /**
     * Every item of this page and of the pages after it, fetching each page only when the
     * iteration reaches it. Each call starts again from this page (without fetching it again).
     *
     * @return every item of this page and of the pages after it, fetching each page only when the iteration reaches it
     */
    public Iterable<T> autoPager() {
        return () -> new Iterator<>() {
            private Page<T> current = Page.this;
            private Iterator<T> items = current.items().iterator();

            @Override
            public boolean hasNext() {
                while (!items.hasNext()) {
                    if (!current.hasNext()) {
                        return false;
                    }
                    current = current.next();
                    items = current.items().iterator();
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return items.next();
            }
        };
    }

    @Override
    public String toString() {
        return "Page[page=" + page() + ", size=" + size() + ", total=" + total() + ", items=" + items().size() + "]";
    }
}
