package io.octopod.operator.focus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.join.JoinService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The focus: what a meeting page talks to. It places each participant on a bridge (through {@link
 * JoinService}), returns the bridge's answer and bridge-channel address, keeps each room's roster
 * (names, regions, bridges) and pushes it to every page of the room. No Netty here: {@link
 * FocusServer} hands it text and sockets. The protocol is in {@code docs/focus.md}.
 */
public final class Focus implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Focus.class.getName());
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Longest signalling message: an SDP offer with simulcast is about 6 kB. */
  static final int MAX_MESSAGE_CHARS = 64 * 1024;

  /** One page's signalling socket, as the focus sees it. */
  public interface Socket {
    void send(String json);
  }

  /**
   * A signalling session: one socket, at most one participant. Its messages and its close run in
   * order on its own {@link SerialExecutor}.
   */
  public static final class Session {
    final Socket socket;
    final String region;
    final SerialExecutor inbox;
    volatile Member member;

    /** Set when the socket closes, even while a join is running: the join then undoes itself. */
    volatile boolean closed;

    Session(Socket socket, String region, SerialExecutor inbox) {
      this.socket = socket;
      this.region = region;
      this.inbox = inbox;
    }
  }

  /** A participant in a room. */
  static final class Member {
    final String room;
    final String endpointId;
    final String name;
    final String region;
    final String relayId;
    final String bridgeRegion;
    final String resumeToken;
    final long joinedAt = System.nanoTime();
    volatile Session session;
    volatile ScheduledFuture<?> leaving;

    Member(
        String room,
        String endpointId,
        String name,
        String region,
        String relayId,
        String bridgeRegion,
        Session session) {
      this.room = room;
      this.endpointId = endpointId;
      this.name = name;
      this.region = region;
      this.relayId = relayId;
      this.bridgeRegion = bridgeRegion;
      this.session = session;
      this.resumeToken = randomId(24);
    }
  }

  private final KubernetesClient client;
  private final JoinService joins;
  private final FocusSettings settings;
  private final RoomAccess access;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Map<String, Map<String, Member>> rooms = new ConcurrentHashMap<>();

  /** The roster each room's pages were last sent, so that a refresh sends only changes. */
  private final Map<String, String> lastRoster = new ConcurrentHashMap<>();

  /**
   * Participants removed here in the last minute (endpoint id to when): a bridge that could not be
   * told (it died) keeps reporting them until it is found unhealthy, and they must not come back
   * into the roster as if they had joined elsewhere.
   */
  private final Map<String, Long> recentlyLeft = new ConcurrentHashMap<>();

  /** How often rosters are compared with what the bridges report. */
  static final long ROSTER_REFRESH_MILLIS = 1_000;

  public Focus(
      KubernetesClient client,
      JoinService joins,
      FocusSettings settings,
      Clock clock,
      ExecutorService workers,
      ScheduledExecutorService timer) {
    this.client = client;
    this.joins = joins;
    this.settings = settings;
    this.access = new RoomAccess(client, JwtPolicy.fromEnvironment(System.getenv()), clock);
    this.workers = workers;
    this.timer = timer;
    timer.scheduleWithFixedDelay(
        this::refreshRosters, ROSTER_REFRESH_MILLIS, ROSTER_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  public FocusSettings settings() {
    return settings;
  }

  public Session open(Socket socket, String region) {
    return new Session(socket, region, new SerialExecutor(workers, timer));
  }

  /**
   * A text message from a page; handled off the socket's thread (joins call the bridges), after the
   * socket's earlier messages and never at the same time as them.
   */
  public void message(Session session, String text) {
    boolean accepted =
        session.inbox.execute(
            () -> {
              try {
                handle(session, text);
              } catch (FocusError e) {
                session.socket.send(error(e.code(), e.getMessage()));
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "signalling message failed", e);
                session.socket.send(error("internal", "the focus failed: " + e.getMessage()));
              }
            });
    if (!accepted) {
      session.socket.send(error(BUSY, "the focus is busy; try again in a moment"));
    }
  }

  /** Every worker busy and the queue full, or this socket sent too many at once: not handled. */
  static final String BUSY = "busy";

  private void handle(Session session, String text) throws FocusError {
    if (text.length() > MAX_MESSAGE_CHARS) {
      throw new FocusError(FocusError.BAD_MESSAGE, "message longer than " + MAX_MESSAGE_CHARS);
    }
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new FocusError(FocusError.BAD_MESSAGE, "not JSON");
    }
    if (m == null || !m.isObject()) {
      throw new FocusError(FocusError.BAD_MESSAGE, "a message is a JSON object with a \"type\"");
    }
    String type = m.path("type").asText("");
    switch (type) {
      case "join" -> join(session, m);
      case "resume" -> resume(session, m);
      case "leave" -> leave(session, text(m, "lostBridge", 253, false));
      default ->
          throw new FocusError(FocusError.BAD_MESSAGE, "unknown message type \"" + type + "\"");
    }
  }

  private static String text(JsonNode m, String field, int max, boolean required)
      throws FocusError {
    JsonNode v = m.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new FocusError(FocusError.BAD_MESSAGE, "\"" + field + "\" is required");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
      throw new FocusError(
          FocusError.BAD_MESSAGE, "\"" + field + "\" must be text of 1-" + max + " characters");
    }
    return v.asText();
  }

  private void join(Session session, JsonNode m) throws FocusError {
    long received = System.nanoTime();
    if (session.member != null) {
      throw new FocusError(FocusError.BAD_MESSAGE, "this socket has joined already");
    }
    String room = text(m, "room", 63, true);
    if (!room.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
      throw new FocusError(
          FocusError.BAD_MESSAGE,
          "a room name is lower-case letters, digits and dashes (a Kubernetes name)");
    }
    String name = text(m, "name", 64, true);
    String offer = text(m, "offer", MAX_MESSAGE_CHARS, true);
    String token = text(m, "token", 8192, false);
    String password = text(m, "password", 256, false);
    // A page rejoining after its bridge went says which one (docs/focus.md): left out at once.
    String lostBridge = text(m, "lostBridge", 253, false);
    Conference conference = conference(room);
    access.check(conference, room, token, password);
    String endpointId = randomId(10);
    JoinService.Assignment placed;
    try {
      placed =
          joins.join(
              settings.namespace(), room, endpointId, session.region, offer, name, lostBridge);
    } catch (JoinService.JoinRefusedException e) {
      throw new FocusError(e.code(), e.getMessage());
    } catch (java.io.IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "join of " + room + " failed", e);
      throw new FocusError(FocusError.NO_BRIDGE, "the bridge could not take the call: " + e);
    }
    if (session.closed) {
      // The page went away while its join ran: nobody will ever use this endpoint.
      expire(room, endpointId);
      LOG.info(
          String.format(
              "%s of %s undone: its socket closed while the join ran (%d ms)",
              endpointId, room, (System.nanoTime() - received) / 1_000_000));
      pushRoster(room);
      return;
    }
    Member member =
        new Member(
            room,
            endpointId,
            name,
            session.region,
            placed.relayId(),
            placed.bridgeRegion(),
            session);
    session.member = member;
    rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(endpointId, member);
    ObjectNode joined = JSON.createObjectNode();
    joined.put("type", "joined");
    joined.put("room", room);
    joined.put("endpointId", endpointId);
    joined.put("resumeToken", member.resumeToken);
    joined.put("region", session.region);
    joined.put("answer", placed.allocation().answer());
    joined
        .putObject("bridge")
        .put("relayId", placed.relayId())
        .put("region", placed.bridgeRegion());
    if (placed.allocation().bridgeChannel() != null) {
      joined
          .putObject("bridgeChannel")
          .put("url", placed.allocation().bridgeChannel().url())
          .put("token", placed.allocation().bridgeChannel().token());
    }
    session.socket.send(joined.toString());
    LOG.info(
        String.format(
            "%s joined %s from %s on %s, answered in %d ms",
            endpointId,
            room,
            session.region,
            placed.relayId(),
            (System.nanoTime() - received) / 1_000_000));
    pushRoster(room);
  }

  /** The room's Conference; created on first join when ad-hoc rooms are enabled. */
  private Conference conference(String room) throws FocusError {
    var resource =
        client.resources(Conference.class).inNamespace(settings.namespace()).withName(room);
    Conference conference = resource.get();
    if (conference != null) {
      return conference;
    }
    if (!settings.adHocRooms()) {
      throw new FocusError(FocusError.UNKNOWN_ROOM, "there is no room \"" + room + "\"");
    }
    Conference created = new Conference();
    created.getMetadata().setName(room);
    created.getMetadata().setNamespace(settings.namespace());
    created.setSpec(new ConferenceSpec());
    try {
      return client.resource(created).create();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      Conference raced = resource.get(); // two first joins at once: use the one that won
      if (raced == null) {
        throw new FocusError(FocusError.NO_BRIDGE, "could not create room " + room);
      }
      return raced;
    }
  }

  private void resume(Session session, JsonNode m) throws FocusError {
    String endpointId = text(m, "endpointId", 128, true);
    String token = text(m, "resumeToken", 128, true);
    for (Map<String, Member> members : rooms.values()) {
      Member member = members.get(endpointId);
      if (member != null
          && java.security.MessageDigest.isEqual(member.resumeToken.getBytes(), token.getBytes())) {
        ScheduledFuture<?> leaving = member.leaving;
        if (leaving != null) {
          leaving.cancel(false);
        }
        if (!joins.hosts(settings.namespace(), member.room, endpointId)) {
          // Its bridge lost it (restarted, or expired it): media can't resume, only a new join.
          remove(member);
          throw new FocusError(
              FocusError.REJOIN, "your bridge no longer has your call; join again");
        }
        member.leaving = null;
        member.session = session;
        session.member = member;
        session.socket.send(
            JSON.createObjectNode()
                .put("type", "resumed")
                .put("endpointId", endpointId)
                .toString());
        pushRoster(member.room);
        return;
      }
    }
    throw new FocusError(
        FocusError.BAD_MESSAGE, "nothing to resume: the participant has left; join again");
  }

  private void leave(Session session) {
    leave(session, null);
  }

  /**
   * @param lostBridge the bridge the page says it lost; believed only of the page's own bridge, and
   *     then only as far as JoinService's check of it goes
   */
  private void leave(Session session, String lostBridge) {
    Member member = session.member;
    session.member = null;
    if (member != null) {
      remove(member, member.relayId.equals(lostBridge) ? lostBridge : null);
    }
  }

  /**
   * The socket closed. A clean close (the page left or the tab closed) removes the participant at
   * once; a dropped connection keeps it for the grace time, so a page can resume without re-joining
   * media.
   */
  public void closed(Session session, boolean clean) {
    session.closed = true;
    // After the socket's messages: a join still running finishes (and undoes itself) first.
    session.inbox.executeAlways(() -> afterClose(session, clean));
  }

  private void afterClose(Session session, boolean clean) {
    Member member = session.member;
    if (member == null || member.session != session) {
      return;
    }
    if (clean) {
      leave(session);
      return;
    }
    member.leaving =
        timer.schedule(
            () -> {
              try {
                workers.execute(() -> remove(member));
              } catch (java.util.concurrent.RejectedExecutionException e) {
                remove(member); // every worker busy: the timer's thread does it
              }
            },
            settings.disconnectGraceMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void remove(Member member) {
    remove(member, null);
  }

  private void remove(Member member, String lostBridge) {
    Map<String, Member> members = rooms.get(member.room);
    if (members == null || !members.remove(member.endpointId, member)) {
      return;
    }
    // The others' rosters first: it is left out of them from now on, though its bridge still
    // lists it until the expiry below has gone through.
    recentlyLeft.put(member.endpointId, System.nanoTime());
    pushRoster(member.room);
    expire(member.room, member.endpointId, lostBridge);
  }

  private void expire(String room, String endpointId) {
    expire(room, endpointId, null);
  }

  /**
   * Removes the participant from its bridge, which every replica's roster then follows.
   *
   * @param lostBridge the bridge its page reported lost, or null
   */
  private void expire(String room, String endpointId, String lostBridge) {
    recentlyLeft.put(endpointId, System.nanoTime());
    try {
      joins.leave(settings.namespace(), room, endpointId, lostBridge);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not expire " + endpointId + " on its bridge", e);
    }
  }

  /**
   * Tells every page of the room who is there, where they are, and on how many bridges: those who
   * joined through this focus, and those whom the room's bridges report and who joined through
   * another operator replica (the focus Service spreads pages over all of them).
   */
  private void pushRoster(String room) {
    pushRoster(room, true);
  }

  /** Sends the rosters that changed since they were last sent: others' joins and leaves. */
  private void refreshRosters() {
    try {
      long minuteAgo = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
      recentlyLeft.values().removeIf(at -> at - minuteAgo < 0);
      rooms.forEach(
          (room, members) -> {
            if (members.isEmpty()) {
              lastRoster.remove(room);
            } else {
              pushRoster(room, false);
            }
          });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "roster refresh failed", e);
    }
  }

  /**
   * The bridges' reports are the roster: a participant whose bridge removed it (its page went away
   * and its media timed out) leaves every replica's roster, whichever replica placed it. One who
   * joined here a moment ago is listed before the bridge's report of it is read.
   */
  static final long JOINING_NANOS = 2 * BridgeDirectory.POLL.toNanos();

  private void pushRoster(String room, boolean always) {
    Map<String, Member> members = rooms.getOrDefault(room, Map.of());
    List<Member> list = new ArrayList<>(members.values());
    List<JoinService.Participant> reported = joins.participants(settings.namespace(), room);
    Set<String> onBridges = new HashSet<>();
    reported.forEach(p -> onBridges.add(p.endpointId()));
    long now = System.nanoTime();
    ObjectNode roster = JSON.createObjectNode();
    roster.put("type", "roster");
    roster.put("bridges", 0);
    var array = roster.putArray("participants");
    Set<String> listed = new HashSet<>();
    Set<String> bridges = new HashSet<>();
    for (Member x : list) {
      if (!onBridges.contains(x.endpointId) && now - x.joinedAt > JOINING_NANOS) {
        continue; // its bridge no longer has it: its media timed out, or its bridge died
      }
      listed.add(x.endpointId);
      bridges.add(x.relayId);
      array
          .addObject()
          .put("endpointId", x.endpointId)
          .put("name", x.name)
          .put("region", x.region)
          .put("relayId", x.relayId)
          .put("bridgeRegion", x.bridgeRegion);
    }
    for (JoinService.Participant p : reported) {
      if (recentlyLeft.containsKey(p.endpointId()) || !listed.add(p.endpointId())) {
        continue; // gone from here, though a bridge that could not be told may still list it
      }
      bridges.add(p.relayId());
      array
          .addObject()
          .put("endpointId", p.endpointId())
          .put("name", p.displayName() == null ? "Participant" : p.displayName())
          .put("region", p.region())
          .put("relayId", p.relayId())
          .put("bridgeRegion", p.bridgeRegion());
    }
    roster.put("bridges", bridges.size());
    String json = roster.toString();
    if (!always && json.equals(lastRoster.get(room))) {
      return;
    }
    lastRoster.put(room, json);
    for (Member x : list) {
      Session s = x.session;
      if (s != null && x.leaving == null) {
        s.socket.send(json);
      }
    }
  }

  /** Participants in a room now (for tests and status). */
  public int participants(String room) {
    return rooms.getOrDefault(room, Map.of()).size();
  }

  static String error(String code, String message) {
    return JSON.createObjectNode()
        .put("type", "error")
        .put("code", code)
        .put("message", message)
        .toString();
  }

  private static String randomId(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    timer.shutdownNow();
  }
}
