package io.lectern.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lectern.api.profile.Ladder;
import io.lectern.api.profile.LatencyMode;
import io.lectern.api.profile.LatencyProfile;
import io.lectern.api.profile.Preset;
import io.lectern.api.profile.Rung;
import io.lectern.api.profile.Tune;
import io.lectern.api.stream.DestinationDefinition;
import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.Account;
import io.lectern.store.ApiToken;
import io.lectern.store.CreatedStream;
import io.lectern.store.OutputState;
import io.lectern.store.StatsSample;
import io.lectern.store.StoreException;
import io.lectern.store.StoreException.Reason;
import io.lectern.store.StoredStream;

/** The behaviour every database must show; subclasses open the database. */
abstract class StoreContract {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 123_456_000, ZoneOffset.UTC);

    /** The database under test, open for the whole class. */
    abstract Database db();

    /** Opens a second Database on the same database, as a restart would. */
    abstract Database reopen();

    JpaStreamStore streams;
    JpaAccountStore accounts;
    @TempDir
    Path keys;
    SecretBox secrets;

    @BeforeEach
    void clean() throws SQLException {
        sql("DELETE FROM lectern_stream_stats", "DELETE FROM lectern_stream_output", "DELETE FROM lectern_stream",
                "DELETE FROM lectern_api_token", "DELETE FROM lectern_account");
        secrets = new SecretBox(keys.resolve(SecretBox.FILE));
        streams = new JpaStreamStore(db(), secrets);
        accounts = new JpaAccountStore(db());
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static StreamDefinition rich(String name) {
        LatencyProfile profile = new LatencyProfile(2, 4, 0.5, 24, 600, Preset.FAST, Tune.SCREEN, 1.2, true);
        Ladder ladder = new Ladder(List.of(Rung.SOURCE, Rung.P480, new Rung("custom-900p", 900, 4_000_000, 50)));
        List<DestinationDefinition> destinations = List.of(
                new DestinationDefinition("youtube-main", "youtube", "720p", Map.of("url", "rtmp://a.example/live", "key", "k1"), true),
                new DestinationDefinition("backup", "rtmp", "source", Map.of("url", "rtmps://b.example/app"), false));
        return new StreamDefinition(name, "Algebra I", "srt", LatencyMode.LOW_LATENCY, profile, ladder, List.of("nvenc", "x264"),
                List.of("hls"), destinations, Map.of("width", "1280", "height", "720"));
    }

    @Test
    void createFindAndList() {
        CreatedStream created = streams.create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, Ladder.standard()), "Week 1");
        assertEquals(32, created.key().length());
        assertTrue(created.key().matches("[A-Za-z0-9_-]{32}"));
        assertEquals(created.key().substring(28), created.stream().keyHint());
        streams.create(StreamDefinition.simple("art", "srt", LatencyMode.HIGH_QUALITY, Ladder.passthrough()), null);

        StoredStream found = streams.find("maths").orElseThrow();
        assertEquals("Week 1", found.description());
        assertTrue(found.enabled());
        assertEquals(created.stream(), found);
        assertEquals(List.of("art", "maths"), streams.list().stream().map(StoredStream::name).toList());
        assertTrue(streams.find("nothing").isEmpty());
        assertTrue(streams.find("../etc").isEmpty());
    }

    @Test
    void definitionRoundTripsWithDestinationsAndProfile() {
        StreamDefinition def = rich("algebra");
        streams.create(def, "with everything");
        assertEquals(def, streams.find("algebra").orElseThrow().definition());
        List<OutputState> outputs = streams.outputs("algebra");
        assertEquals(List.of("backup", "youtube-main"), outputs.stream().map(OutputState::id).toList());
        assertTrue(outputs.stream().allMatch(o -> o.kind().equals("destination") && o.state().equals("idle")));
    }

    @Test
    void updateReplacesSettingsAndKeepsOutputState() {
        streams.create(rich("algebra"), "");
        streams.outputState(new OutputState("algebra", "destination", "youtube-main", "live", T0));
        streams.outputState(new OutputState("algebra", "rendition", "480p", "encoding 1.02x", T0));
        streams.outputState(new OutputState("algebra", "rendition", "custom-900p", "encoding", T0));

        StreamDefinition old = rich("algebra");
        StreamDefinition changed = new StreamDefinition("algebra", "Algebra II", "rtmp", LatencyMode.TUTORIAL, null,
                Ladder.of("source", "480p"), List.of(), List.of("hls", "dash"),
                List.of(new DestinationDefinition("twitch", "twitch", null, Map.of("key", "t"), true), old.destinations().get(0)),
                Map.of());
        StoredStream updated = streams.update(changed, "new text", false);
        assertEquals(changed, updated.definition());
        assertFalse(updated.enabled());
        assertEquals(updated, streams.find("algebra").orElseThrow());

        List<OutputState> outputs = streams.outputs("algebra");
        assertEquals(List.of("destination/twitch=idle", "destination/youtube-main=live", "rendition/480p=encoding 1.02x"),
                outputs.stream().map(o -> o.kind() + "/" + o.id() + "=" + o.state()).toList());
        assertEquals(T0, outputs.get(1).updated());

        StoreException e = assertThrows(StoreException.class,
                () -> streams.update(StreamDefinition.simple("ghost", "rtmp", LatencyMode.TUTORIAL, null), "", true));
        assertEquals(Reason.NOT_FOUND, e.reason());
    }

    @Test
    void duplicateNameIsConflict() {
        streams.create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), "");
        StoreException e = assertThrows(StoreException.class,
                () -> streams.create(StreamDefinition.simple("maths", "srt", LatencyMode.TUTORIAL, null), ""));
        assertEquals(Reason.CONFLICT, e.reason());
        assertEquals("rtmp", streams.find("maths").orElseThrow().definition().ingest());
    }

    @Test
    void findByKeyAndRotate() {
        CreatedStream created = streams.create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), "");
        assertEquals("maths", streams.findByKey(created.key()).orElseThrow().name());
        assertTrue(streams.findByKey(created.key().substring(1) + "x").isEmpty());
        assertTrue(streams.findByKey("short").isEmpty());
        assertTrue(streams.findByKey(null).isEmpty());

        CreatedStream rotated = streams.rotateKey("maths");
        assertNotEquals(created.key(), rotated.key());
        assertTrue(streams.findByKey(created.key()).isEmpty(), "the old key must stop working");
        assertEquals("maths", streams.findByKey(rotated.key()).orElseThrow().name());
        assertEquals(rotated.key().substring(28), streams.find("maths").orElseThrow().keyHint());
        assertEquals(Reason.NOT_FOUND, assertThrows(StoreException.class, () -> streams.rotateKey("ghost")).reason());
    }

    @Test
    void deleteCascadesOutputsAndStats() throws SQLException {
        streams.create(rich("algebra"), "");
        streams.create(rich("other"), "");
        streams.outputState(new OutputState("algebra", "rendition", "480p", "encoding", T0));
        streams.record(new StatsSample("algebra", T0, 3, 2_000_000, 30, 0, 1.1, Map.of()));
        streams.record(new StatsSample("other", T0, 1, 1_000_000, 25, 0, 1.0, Map.of()));

        assertTrue(streams.delete("algebra"));
        assertFalse(streams.delete("algebra"));
        assertTrue(streams.find("algebra").isEmpty());
        assertTrue(streams.stats("algebra", null, 100).isEmpty());
        assertEquals(1, streams.stats("other", null, 100).size());
        assertEquals(Reason.NOT_FOUND, assertThrows(StoreException.class, () -> streams.outputs("algebra")).reason());
        try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM lectern_stream_output")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "only the other stream's destinations remain");
        }
    }

    @Test
    void outputStateIsCheckedAndUpdated() {
        streams.create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), "");
        streams.outputState(new OutputState("maths", "rendition", "720p", "starting", T0));
        streams.outputState(new OutputState("maths", "rendition", "720p", "encoding", T0.plusSeconds(5)));
        assertEquals(List.of(new OutputState("maths", "rendition", "720p", "encoding", T0.plusSeconds(5))), streams.outputs("maths"));
        assertEquals(Reason.INVALID, assertThrows(StoreException.class,
                () -> streams.outputState(new OutputState("maths", "other", "x", "s", T0))).reason());
        assertEquals(Reason.NOT_FOUND, assertThrows(StoreException.class,
                () -> streams.outputState(new OutputState("ghost", "rendition", "720p", "s", T0))).reason());
    }

    @Test
    void statsRecordQueryPrune() {
        for (int i = 0; i < 5; i++) {
            streams.record(new StatsSample("maths", T0.plusMinutes(i), i, 1000L * i, 29.97, i, 1.5,
                    Map.of("youtube", i % 2 == 0 ? "live" : "retrying")));
        }
        streams.record(new StatsSample("art", T0, 9, 9, 9, 9, 9, null));

        List<StatsSample> all = streams.stats("maths", null, 100);
        assertEquals(5, all.size());
        assertEquals(new StatsSample("maths", T0.plusMinutes(1), 1, 1000, 29.97, 1, 1.5, Map.of("youtube", "retrying")), all.get(1));
        assertEquals(List.of(2, 3), streams.stats("maths", T0.plusMinutes(2), 2).stream().map(StatsSample::viewers).toList());
        // Another offset, same instant.
        assertEquals(3, streams.stats("maths", T0.plusMinutes(2).withOffsetSameInstant(ZoneOffset.ofHours(2)), 100).size());

        assertEquals(3, streams.pruneStats(T0.plusMinutes(2)), "maths 0 and 1, and art");
        assertEquals(List.of(2, 3, 4), streams.stats("maths", null, 100).stream().map(StatsSample::viewers).toList());
        assertTrue(streams.stats("art", null, 100).isEmpty());
        assertEquals(Reason.INVALID, assertThrows(StoreException.class, () -> streams.stats("maths", null, 0)).reason());
    }

    @Test
    void batchIsStoredAllOrNothing() {
        streams.record(List.of(new StatsSample("maths", T0, 1, 1, 1, 1, 1, null), new StatsSample("art", T0, 2, 2, 2, 2, 2, null)));
        assertEquals(1, streams.stats("maths", null, 100).size());
        assertEquals(1, streams.stats("art", null, 100).size());

        // The third row breaks a column limit only the database checks: the first two must not stay.
        StatsSample tooLong = new StatsSample("art", T0.plusSeconds(1), 3, 3, 3, 3, 3, Map.of("x", "y".repeat(100_001)));
        StoreException e = assertThrows(StoreException.class, () -> streams.record(List.of(
                new StatsSample("maths", T0.plusSeconds(1), 3, 3, 3, 3, 3, null),
                new StatsSample("art", T0.plusSeconds(1), 3, 3, 3, 3, 3, null), tooLong)));
        assertNotEquals(Reason.NOT_FOUND, e.reason());
        assertEquals(1, streams.stats("maths", null, 100).size());
        assertEquals(1, streams.stats("art", null, 100).size());
        streams.record(List.of());
        assertEquals(Reason.INVALID, assertThrows(StoreException.class,
                () -> streams.record(List.of(new StatsSample("Bad Name", T0, 0, 0, 0, 0, 0, null)))).reason());
    }

    @Test
    void retentionThinsOldSamplesAndDeletesExpiredOnes() {
        OffsetDateTime now = OffsetDateTime.of(2026, 3, 10, 12, 0, 0, 0, ZoneOffset.UTC);
        List<StatsSample> batch = new java.util.ArrayList<>();
        everyFiveSeconds(batch, "maths", now.minusMinutes(10), now);                    // recent: all kept
        everyFiveSeconds(batch, "maths", now.minusHours(3), now.minusHours(2));         // one a minute: 60 kept
        everyFiveSeconds(batch, "maths", now.minusDays(2), now.minusDays(2).plusHours(1)); // one per 10 minutes: 6 kept
        everyFiveSeconds(batch, "maths", now.minusDays(8), now.minusDays(8).plusMinutes(1)); // expired: none kept
        everyFiveSeconds(batch, "art", now.minusHours(3), now.minusHours(3).plusSeconds(30)); // one minute: 1 kept
        streams.record(batch);

        StatsRetention retention = new StatsRetention(db());
        assertEquals(batch.size() - (120 + 60 + 6 + 1), retention.apply(now, 7));
        List<StatsSample> maths = streams.stats("maths", null, 10_000);
        assertEquals(120 + 60 + 6, maths.size());
        List<StatsSample> minutes = maths.stream().filter(x -> x.at().isBefore(now.minusHours(1)) && x.at().isAfter(now.minusDays(1))).toList();
        assertEquals(60, minutes.size());
        assertTrue(minutes.stream().allMatch(x -> x.at().getSecond() == 0), "the first sample of each minute is kept");
        assertEquals(6, maths.stream().filter(x -> x.at().isBefore(now.minusDays(1))).count());
        assertEquals(1, streams.stats("art", null, 100).size());
        assertEquals(0, retention.apply(now, 7), "a second run finds nothing more to do");

        streams.record(List.of(new StatsSample("art", now.minusDays(30), 0, 0, 0, 0, 0, null)));
        assertEquals(0, retention.apply(now, 0), "0 days keeps samples forever");
        assertEquals(2, streams.stats("art", null, 100).size());
    }

    private static void everyFiveSeconds(List<StatsSample> into, String stream, OffsetDateTime from, OffsetDateTime to) {
        for (OffsetDateTime t = from; t.isBefore(to); t = t.plusSeconds(5)) {
            into.add(new StatsSample(stream, t, 1, 1_000_000, 30, 0, 1, Map.of()));
        }
    }

    @Test
    void accountsAndTokens() {
        assertTrue(accounts.account("ada").isEmpty());
        Account ada = accounts.save(new Account("ada", "$argon2id$x", "admin", T0));
        assertEquals(new Account("ada", "$argon2id$x", "admin", T0), ada);
        accounts.save(new Account("ada", "$argon2id$y", "viewer", T0));
        accounts.save(new Account("bob", "h", "teacher", null));
        assertEquals("$argon2id$y", accounts.account("ada").orElseThrow().passwordHash());
        assertEquals(List.of("ada", "bob"), accounts.accounts().stream().map(Account::username).toList());
        assertTrue(accounts.account("bob").orElseThrow().created() != null);

        ApiToken token = new ApiToken("t1", "ada", "ci", "hash-1", T0, null);
        assertEquals(token, accounts.save(token));
        accounts.save(new ApiToken("t2", "ada", "backup", "hash-2", T0.plusSeconds(1), null));
        ApiToken used = new ApiToken("t1", "ada", "ci", "hash-1", T0, T0.plusHours(1));
        accounts.save(used);
        assertEquals(used, accounts.tokenByHash("hash-1").orElseThrow());
        assertTrue(accounts.tokenByHash("nope").isEmpty());
        assertEquals(List.of("t1", "t2"), accounts.tokens("ada").stream().map(ApiToken::id).toList());

        assertEquals(Reason.NOT_FOUND, assertThrows(StoreException.class,
                () -> accounts.save(new ApiToken("t3", "ghost", "x", "hash-3", T0, null))).reason());
        assertEquals(Reason.CONFLICT, assertThrows(StoreException.class,
                () -> accounts.save(new ApiToken("t4", "bob", "x", "hash-1", T0, null))).reason());

        assertTrue(accounts.deleteToken("t2"));
        assertFalse(accounts.deleteToken("t2"));
        assertTrue(accounts.deleteAccount("ada"));
        assertFalse(accounts.deleteAccount("ada"));
        assertTrue(accounts.tokenByHash("hash-1").isEmpty(), "tokens go with their account");
        assertEquals(Reason.INVALID, assertThrows(StoreException.class, () -> accounts.save(new Account("", "h", "admin", T0))).reason());
    }

    @Test
    void migrationsTwiceAreANoOpAndTheDataStays() throws SQLException {
        streams.create(StreamDefinition.simple("maths", "rtmp", LatencyMode.TUTORIAL, null), "");
        try (Connection c = db().dataSource().getConnection()) {
            Migrations migrations = new Migrations(getClass().getClassLoader(), "db/migration", Migrations.STORE_SCRIPTS,
                    db().target().dialect());
            assertEquals(0, migrations.migrate(c));
        }
        Database again = reopen();
        try {
            assertTrue(new JpaStreamStore(again, secrets).find("maths").isPresent());
        } finally {
            again.close();
        }
    }

    @Test
    void newerSchemaIsRefused() throws SQLException {
        sql("INSERT INTO lectern_schema_version (version, description, checksum, applied_at) VALUES (99, 'future', 'x', CURRENT_TIMESTAMP)");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, this::reopen);
            assertTrue(e.getMessage().contains("schema is at version 99, newer than this Lectern knows (" + Migrations.STORE_SCRIPTS.size() + ")"), e.getMessage());
        } finally {
            sql("DELETE FROM lectern_schema_version WHERE version = 99");
        }
    }

    @Test
    void changedScriptIsRefused() throws SQLException {
        String checksum;
        try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT checksum FROM lectern_schema_version WHERE version = 1")) {
            assertTrue(rs.next());
            checksum = rs.getString(1);
        }
        sql("UPDATE lectern_schema_version SET checksum = 'changed' WHERE version = 1");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, this::reopen);
            assertTrue(e.getMessage().contains("migration V1 (streams) differs"), e.getMessage());
        } finally {
            sql("UPDATE lectern_schema_version SET checksum = '" + checksum + "' WHERE version = 1");
        }
    }

    private static final String SECRET = "live_7f3kQ9zZ-stream-key";

    private StreamDefinition withSecret(String name) {
        return new StreamDefinition(name, "", "rtmp", LatencyMode.TUTORIAL, null, null, List.of(), List.of(),
                List.of(new DestinationDefinition("yt", "youtube", "720p", Map.of("url", "rtmp://a.example/live2", "key", SECRET), true)),
                Map.of());
    }

    /** The settings column of every destination row, as the database holds it. */
    private List<String> rawSettings() throws SQLException {
        List<String> list = new java.util.ArrayList<>();
        try (Connection c = db().dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT settings FROM lectern_stream_output WHERE kind = 'destination' ORDER BY output_id")) {
            while (rs.next()) {
                list.add(rs.getString(1));
            }
        }
        return list;
    }

    @Test
    void destinationSecretsAreEncryptedAtRestAndReadBackAfterARestart() throws SQLException {
        streams.create(withSecret("maths"), "");
        List<String> raw = rawSettings();
        assertEquals(1, raw.size());
        assertFalse(raw.get(0).contains(SECRET) || raw.get(0).contains("a.example"), raw.get(0));
        assertTrue(raw.get(0).contains("\"settings\":\"v1:" + secrets.currentKey() + ":"), raw.get(0));

        Database again = reopen();
        try {
            JpaStreamStore restarted = new JpaStreamStore(again, new SecretBox(secrets.file()));
            assertEquals(SECRET, restarted.find("maths").orElseThrow().definition().destinations().get(0).settings().get("key"));
        } finally {
            again.close();
        }
        // Each save seals anew: the same settings never give the same bytes twice.
        streams.update(withSecret("maths"), "", true);
        assertNotEquals(raw, rawSettings());
    }

    @Test
    void aMissingOrWrongMasterKeyIsAClearErrorAndLosesNothing() throws Exception {
        streams.create(withSecret("maths"), "");
        List<String> before = rawSettings();
        SecretBox other = new SecretBox(keys.resolve("elsewhere").resolve(SecretBox.FILE));
        StoreException e = assertThrows(StoreException.class, () -> new JpaStreamStore(db(), other));
        assertTrue(e.getMessage().contains("master key " + secrets.currentKey() + ", which is not in " + other.file()), e.getMessage());
        assertEquals(before, rawSettings(), "nothing changed");

        // A sealed value moved to another row does not open there.
        streams.create(withSecret("physics"), "");
        sql("UPDATE lectern_stream_output SET settings = (SELECT o.settings FROM lectern_stream_output o JOIN lectern_stream s"
                + " ON o.stream_id = s.id WHERE s.name = 'maths' AND o.kind = 'destination') WHERE id IN (SELECT o.id FROM"
                + " lectern_stream_output o JOIN lectern_stream s ON o.stream_id = s.id WHERE s.name = 'physics')");
        e = assertThrows(StoreException.class, () -> new JpaStreamStore(db(), secrets));
        assertTrue(e.getMessage().contains("(physics/yt) does not open"), e.getMessage());
        sql("DELETE FROM lectern_stream_output WHERE id IN (SELECT o.id FROM lectern_stream_output o JOIN lectern_stream s"
                + " ON o.stream_id = s.id WHERE s.name = 'physics')");

        assertEquals(SECRET, new JpaStreamStore(db(), secrets).find("maths").orElseThrow().definition().destinations().get(0)
                .settings().get("key"), "the right key still reads it");
    }

    @Test
    void settingsInClearFromBeforeAreEncryptedOnStartAndARotatedKeyTakesOver() throws Exception {
        streams.create(withSecret("maths"), "");
        sql("UPDATE lectern_stream_output SET settings = '{\"platform\":\"youtube\",\"rendition\":\"720p\",\"enabled\":true,"
                + "\"settings\":{\"key\":\"" + SECRET + "\",\"url\":\"rtmp://a.example/live2\"}}' WHERE kind = 'destination'");
        assertTrue(rawSettings().get(0).contains(SECRET));
        new JpaStreamStore(db(), secrets);
        assertFalse(rawSettings().get(0).contains(SECRET), rawSettings().get(0));
        assertEquals(SECRET, streams.find("maths").orElseThrow().definition().destinations().get(0).settings().get("key"));

        // Rotation: a new key on the first line, the old one below it; a start seals everything with the new one.
        String old = Files.readString(secrets.file());
        Files.writeString(secrets.file(), java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B') + "\n" + old);
        SecretBox rotated = new SecretBox(secrets.file());
        assertNotEquals(secrets.currentKey(), rotated.currentKey());
        new JpaStreamStore(db(), rotated);
        assertTrue(rawSettings().get(0).contains("v1:" + rotated.currentKey() + ":"), rawSettings().get(0));
        Files.writeString(secrets.file(), Files.readString(secrets.file()).replace(old, ""));
        assertEquals(SECRET, new JpaStreamStore(db(), new SecretBox(secrets.file())).find("maths").orElseThrow().definition()
                .destinations().get(0).settings().get("key"), "the old key is no longer needed");
    }
}
