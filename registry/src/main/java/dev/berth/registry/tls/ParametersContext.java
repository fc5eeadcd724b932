package dev.berth.registry.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSL context whose every socket and engine gets the given parameters (protocols, suites, client
 * authentication). Helidon 4.5 applies its TLS parameters only to its NIO connections; its stream sockets, which Berth
 * serves with ({@code useNio(false)}), come straight from the context's socket factory with the JDK's defaults. This
 * context makes the defaults the registry's.
 */
final class ParametersContext extends SSLContext {

    ParametersContext(SSLContext delegate, SSLParameters parameters) {
        super(new Spi(delegate, parameters), delegate.getProvider(), delegate.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext delegate;
        private final SSLParameters parameters;

        Spi(SSLContext delegate, SSLParameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            delegate.init(keys, trust, random);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Factory(delegate.getSocketFactory(), parameters);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine engine = delegate.createSSLEngine();
            engine.setSSLParameters(parameters);
            return engine;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine engine = delegate.createSSLEngine(host, port);
            engine.setSSLParameters(parameters);
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }

    /** Sockets with the parameters set before their handshake. */
    private static final class Factory extends SSLSocketFactory {

        private final SSLSocketFactory delegate;
        private final SSLParameters parameters;

        Factory(SSLSocketFactory delegate, SSLParameters parameters) {
            this.delegate = delegate;
            this.parameters = parameters;
        }

        private Socket configured(Socket socket) {
            ((SSLSocket) socket).setSSLParameters(parameters);
            return socket;
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            return configured(delegate.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return configured(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configured(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configured(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configured(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return configured(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return parameters.getCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
