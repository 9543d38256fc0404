package io.octopod.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.octopod.protocol.control.ControlApiException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** JSON for the HTTP API: one configured mapper, and replies built from records. */
public final class Json {

  /**
   * Unknown fields are ignored so that an operator one version ahead can talk to this bridge during
   * a rolling upgrade; missing primitives are refused so that a forgotten number is not read as 0.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Json() {}

  /** Reads a request body, turning any JSON problem into a 400 that says what and where. */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw ControlApiException.badRequest("a JSON body is required");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ControlApiException.badRequest("a JSON object is required, got null");
      }
      return value;
    } catch (JsonMappingException e) {
      throw ControlApiException.badRequest(describe(e));
    } catch (JsonProcessingException e) {
      throw ControlApiException.badRequest("malformed JSON: " + e.getOriginalMessage() + at(e));
    } catch (IOException e) {
      throw ControlApiException.badRequest("unreadable body: " + e.getMessage());
    }
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("can't write " + value.getClass().getSimpleName(), e);
    }
  }

  public static Reply reply(int status, Object value) {
    return Reply.json(status, write(value));
  }

  public static CompletionStage<Reply> done(int status, Object value) {
    return CompletableFuture.completedFuture(reply(status, value));
  }

  /** Names the field a mapping problem is about, in words an API user can act on. */
  private static String describe(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Cannot map `null`")) {
      return path + " is required";
    }
    int hint = message == null ? -1 : message.indexOf(" (set ");
    if (hint > 0) {
      message = message.substring(0, hint);
    }
    return "bad JSON" + (path.length() == 0 ? "" : " at " + path) + ": " + message + at(e);
  }

  private static String at(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr()
        + ")";
  }
}
