package io.lectern.rest.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lectern.api.stream.StreamDefinition;
import io.lectern.store.CreatedStream;
import io.lectern.store.OutputState;
import io.lectern.store.StatsSample;
import io.lectern.store.StoreException;
import io.lectern.store.StoredStream;
import io.lectern.store.StreamStore;

/** A {@link StreamStore} in memory, for tests; keys are kept in clear here only. */
class MemoryStreamStore implements StreamStore {

    final Map<String, StoredStream> streams = new ConcurrentHashMap<>();
    final Map<String, String> keys = new ConcurrentHashMap<>();
    final List<StatsSample> samples = new CopyOnWriteArrayList<>();
    final List<OutputState> outputs = new CopyOnWriteArrayList<>();

    @Override
    public CreatedStream create(StreamDefinition definition, String description) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String key = UUID.randomUUID().toString().replace("-", "");
        StoredStream s = new StoredStream(definition, description, true, key.substring(key.length() - 4), now, now);
        if (streams.putIfAbsent(definition.name(), s) != null) {
            throw new StoreException(StoreException.Reason.CONFLICT, "exists");
        }
        keys.put(definition.name(), key);
        return new CreatedStream(s, key);
    }

    @Override
    public Optional<StoredStream> find(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    @Override
    public Optional<StoredStream> findByKey(String key) {
        return keys.entrySet().stream().filter(e -> e.getValue().equals(key)).map(e -> streams.get(e.getKey())).findFirst();
    }

    @Override
    public List<StoredStream> list() {
        return streams.values().stream().sorted(Comparator.comparing(StoredStream::name)).toList();
    }

    @Override
    public StoredStream update(StreamDefinition definition, String description, boolean enabled) {
        StoredStream old = find(definition.name()).orElseThrow(() -> new StoreException(StoreException.Reason.NOT_FOUND, "none"));
        StoredStream s = new StoredStream(definition, description, enabled, old.keyHint(), old.created(), OffsetDateTime.now(ZoneOffset.UTC));
        streams.put(definition.name(), s);
        return s;
    }

    @Override
    public CreatedStream rotateKey(String name) {
        StoredStream old = find(name).orElseThrow(() -> new StoreException(StoreException.Reason.NOT_FOUND, "none"));
        String key = UUID.randomUUID().toString().replace("-", "");
        StoredStream s = new StoredStream(old.definition(), old.description(), old.enabled(), key.substring(key.length() - 4), old.created(), old.updated());
        streams.put(name, s);
        keys.put(name, key);
        return new CreatedStream(s, key);
    }

    @Override
    public boolean delete(String name) {
        keys.remove(name);
        return streams.remove(name) != null;
    }

    @Override
    public void outputState(OutputState state) {
        outputs.add(state);
    }

    @Override
    public List<OutputState> outputs(String stream) {
        return outputs.stream().filter(o -> o.stream().equals(stream)).toList();
    }

    @Override
    public void record(StatsSample sample) {
        samples.add(sample);
    }

    @Override
    public List<StatsSample> stats(String stream, OffsetDateTime since, int limit) {
        List<StatsSample> result = new ArrayList<>();
        for (StatsSample s : samples) {
            if (s.stream().equals(stream) && !s.at().isBefore(since) && result.size() < limit) {
                result.add(s);
            }
        }
        return result;
    }

    @Override
    public int pruneStats(OffsetDateTime before) {
        int n = samples.size();
        samples.removeIf(s -> s.at().isBefore(before));
        return n - samples.size();
    }
}
