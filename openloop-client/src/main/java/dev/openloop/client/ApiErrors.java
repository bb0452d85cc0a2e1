package dev.openloop.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place where an error answer becomes an exception: which class, and what its message
 * says. Messages hold what the server said and never anything of the request, so no key sent in
 * a body can end up in a log through them.
 */
final class ApiErrors {
    private static final int MAX_TEXT_IN_MESSAGE = 300;

    private ApiErrors() {
    }

    /** The exception for an error status. */
    static ApiException fromResponse(int status, HttpHeaders headers, byte[] body, Duration roundTripTime) {
        return of(new ErrorAnswer(status, new String(body, StandardCharsets.UTF_8), headers, roundTripTime, false));
    }

    /**
     * The exception for an {@code error} event that ended a stream: {@code {"detail": {type,
     * message, code, origin}}}, whose {@code code} is the status the error would have had.
     */
    static ApiException fromStreamError(String data, HttpHeaders headers, Duration roundTripTime) {
        JsonNode code = parse(data).path("detail").path("code");
        int status = code.canConvertToInt() && code.asInt() >= 400 && code.asInt() <= 599 ? code.asInt() : 502;
        return of(new ErrorAnswer(status, data, headers, roundTripTime, true));
    }

    /** The exception of the answer's status. */
    static ApiException of(ErrorAnswer answer) {
        int status = answer.status();
        return switch (status) {
            case 400 -> new BadRequestException(answer);
            case 401 -> new UnauthorizedException(answer);
            case 403 -> new PermissionDeniedException(answer);
            case 404 -> new NotFoundException(answer);
            case 409 -> new ConflictException(answer);
            case 422 -> new UnprocessableEntityException(answer);
            case 429 -> new RateLimitException(answer);
            default -> status >= 500 ? new ServerException(answer) : new ApiException(answer);
        };
    }

    /** The body as JSON; a {@code MissingNode} when it is empty or not JSON. */
    static JsonNode parse(String text) {
        if (text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The {@code detail} list of a validation error; empty when the body has none. */
    static List<ValidationError> validationErrors(JsonNode body) {
        JsonNode detail = body.path("detail");
        if (!detail.isArray()) {
            return List.of();
        }
        List<ValidationError> errors = new ArrayList<>();
        for (JsonNode item : detail) {
            try {
                errors.add(Json.MAPPER.treeToValue(item, ValidationError.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // Not a {loc, msg, type} item: the raw body still has it.
            }
        }
        return List.copyOf(errors);
    }

    /** The {@code detail} object of a provider error, when the body has one. */
    static Optional<ProviderErrorDetail> providerError(JsonNode body) {
        JsonNode detail = body.path("detail");
        if (!detail.isObject() || !detail.path("type").isTextual() || !detail.path("message").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderErrorDetail(detail.path("type").asText(), detail.path("message").asText(),
                detail.path("code").asInt(), detail.path("origin").asText(null)));
    }

    /** E.g. {@code 422 Unprocessable Entity: body.messages: field required}. */
    static String message(ErrorAnswer answer) {
        StringBuilder message = new StringBuilder();
        if (answer.duringStream()) {
            message.append("The stream failed: ");
        }
        message.append(answer.status()).append(' ').append(HttpStatusReasons.of(answer.status()));
        String said = whatTheServerSaid(answer);
        if (!said.isEmpty()) {
            message.append(": ").append(said);
        }
        return message.toString();
    }

    private static String whatTheServerSaid(ErrorAnswer answer) {
        JsonNode body = parse(answer.bodyText());
        JsonNode detail = body.path("detail");
        List<ValidationError> problems = validationErrors(body);
        if (!problems.isEmpty()) {
            return problems.stream()
                    .map(p -> p.loc().stream().map(String::valueOf).collect(Collectors.joining(".")) + ": " + p.msg())
                    .collect(Collectors.joining("; "));
        }
        Optional<ProviderErrorDetail> provider = providerError(body);
        if (provider.isPresent()) {
            ProviderErrorDetail p = provider.get();
            return (p.origin() == null ? "" : p.origin() + " ") + p.type() + ": " + p.message();
        }
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (body.isMissingNode()) {
            String text = answer.bodyText().strip();
            return text.length() <= MAX_TEXT_IN_MESSAGE ? text : text.substring(0, MAX_TEXT_IN_MESSAGE) + "…";
        }
        return "";
    }
}
