package io.lectern.api.plugin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How LISTENER ingest plugins hand a publisher to the pipeline. The gateway checks the key (in
 * constant time, against its stored hash), the stream's state and its ingest protocol, starts the
 * stream's pipeline if needed, and answers with a {@link Publication} to push into.
 */
@ProviderType
public interface IngestGateway {

    /**
     * @param protocolId    the calling plugin's {@link IngestProtocol#id()}
     * @param key           the stream key the publisher presented
     * @param remoteAddress where the publisher connects from, for logs and the shell
     * @param disconnect    called (once, from any thread) when the admin kicks the publisher or the
     *                      stream stops; the plugin then closes the connection
     * @throws PublishRefusedException with a reason fit to send back to the publisher
     */
    Publication publish(String protocolId, String key, String remoteAddress, Runnable disconnect) throws PublishRefusedException;
}
