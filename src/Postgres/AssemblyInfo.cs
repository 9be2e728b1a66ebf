namespace StreamAgg.Postgres;
