//! How to reach Postgres: connection settings, pool size and the TLS connector.

use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How long getting or opening a connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one statement may take on the client side; the server's own
/// `statement_timeout` is set a little shorter, so it cancels the work it was doing.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(4);

/// Reads the configuration again (a rotated secret), for a pool whose credentials the
/// server refused.
pub type Reload = Arc<dyn Fn() -> BoxFuture<'static, Result<DatabaseConfig, String>> + Send + Sync>;

/// Connection settings of one database.
#[derive(Clone)]
pub struct DatabaseConfig {
    pub(crate) pg: tokio_postgres::Config,
    pub(crate) pool_size: usize,
    pub(crate) tls: MakeRustlsConnect,
    pub(crate) reload: Option<Reload>,
}

impl DatabaseConfig {
    /// A configuration for one connection string.
    pub fn from_url(url: &str) -> Result<Self, tokio_postgres::Error> {
        Ok(Self::from_pg(url.parse()?))
    }

    /// A configuration over tokio-postgres settings, with the studio's defaults: a
    /// connect timeout, TCP keepalives and a user timeout (so a failover that
    /// blackholes the old address is noticed in seconds, not hours), a server-side
    /// `statement_timeout`, an application name, TLS without a CA bundle and a pool of
    /// 2 (a Lambda container serves one request at a time; the spare covers a
    /// connection being replaced).
    pub fn from_pg(mut pg: tokio_postgres::Config) -> Self {
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(CONNECT_TIMEOUT);
        }
        if pg.get_application_name().is_none() {
            pg.application_name("omnisonic-studio");
        }
        pg.keepalives(true)
            .keepalives_idle(Duration::from_secs(30))
            .keepalives_interval(Duration::from_secs(5))
            .keepalives_retries(3)
            .tcp_user_timeout(Duration::from_secs(10));
        if pg.get_options().is_none() {
            pg.options("-c statement_timeout=3500");
        }
        let tls = super::tls::connector(None).expect("a connector without a CA bundle always builds");
        Self {
            pg,
            pool_size: 2,
            tls,
            reload: None,
        }
    }

    /// Reads the configuration again with `reload` when the server refuses the
    /// credentials (a deployed function's secret may rotate while it is warm).
    pub fn with_reload(mut self, reload: Reload) -> Self {
        self.reload = Some(reload);
        self
    }

    /// The same server with another database: tests and tools use this to make
    /// a database of their own.
    pub fn with_dbname(&self, dbname: &str) -> Self {
        let mut other = self.clone();
        other.pg.dbname(dbname);
        other
    }

    /// The database this configuration points at.
    pub fn dbname(&self) -> &str {
        self.pg.get_dbname().unwrap_or("postgres")
    }

    /// Sets how many connections one container may hold.
    pub fn with_pool_size(mut self, size: usize) -> Self {
        self.pool_size = size.max(1);
        self
    }

    /// Uses `tls` for every connection (one that verifies against a CA bundle, say).
    pub fn with_tls(mut self, tls: MakeRustlsConnect) -> Self {
        self.tls = tls;
        self
    }

    /// The tokio-postgres settings.
    pub fn pg(&self) -> &tokio_postgres::Config {
        &self.pg
    }

    /// The TLS connector.
    pub fn tls(&self) -> &MakeRustlsConnect {
        &self.tls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_url_gets_a_connect_timeout_and_can_point_elsewhere() {
        let config = DatabaseConfig::from_url("postgres://postgres@127.0.0.1:5432/omnisonic").unwrap();
        assert_eq!(config.dbname(), "omnisonic");
        assert!(config.pg.get_connect_timeout().is_some());
        assert_eq!(config.with_dbname("other").dbname(), "other");
    }

    #[test]
    fn a_malformed_url_is_refused() {
        assert!(DatabaseConfig::from_url("postgres://host:notaport/db").is_err());
    }
}
